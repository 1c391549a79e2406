package io.kvmctl.resources;

import java.util.BitSet;

/** The kernel's CPU list syntax ({@code 0-3,6}), as in {@code /sys/devices/system/cpu/online} and taskset -c. */
public final class CpuList {
    private CpuList() {}

    /** Parses {@code 0-3,6}; fails with a message naming the bad part. */
    public static BitSet parse(String text) {
        BitSet set = new BitSet();
        if (text.isBlank()) {
            throw new IllegalArgumentException("an empty CPU list; write e.g. 1 or 0-3,6");
        }
        for (String part : text.strip().split(",")) {
            String[] range = part.split("-", -1);
            try {
                int from = Integer.parseInt(range[0].strip());
                int to = range.length == 2 ? Integer.parseInt(range[1].strip()) : from;
                if (range.length > 2 || from < 0 || to < from || to >= io.kvmctl.sys.CpuAffinity.CPU_SETSIZE) {
                    throw new NumberFormatException();
                }
                set.set(from, to + 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "' is not a CPU number or range; write e.g. 1 or 0-3");
            }
        }
        return set;
    }

    /** The shortest list form: {@code 0-3,6}. */
    public static String format(BitSet set) {
        StringBuilder sb = new StringBuilder();
        for (int i = set.nextSetBit(0); i >= 0; ) {
            int end = set.nextClearBit(i) - 1;
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = set.nextSetBit(end + 1);
        }
        return sb.toString();
    }
}
