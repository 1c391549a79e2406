package io.kvmctl.stats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Parsers for the /proc files the statistics come from, fed their text so tests need no process. */
final class ProcFiles {
    /** USER_HZ: the unit of utime/stime, 100 on every Linux architecture kvmctl runs on. */
    static final long TICKS_PER_SECOND = 100;

    private ProcFiles() {}

    /**
     * utime + stime in ticks from a {@code /proc/PID/task/TID/stat} line. The command name (field 2) is in
     * parentheses and may itself hold spaces and ')', so fields are counted from the last ')'.
     */
    static long cpuTicks(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a stat line: " + stat);
        }
        String[] f = stat.substring(close + 2).strip().split("\\s+");
        // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * The thread's name from a stat line: between the first '(' and the last ')', as the kernel writes it (its
     * {@code comm}, at most 15 bytes: {@code CPU 0/TCG}, {@code CPU 12/KVM}).
     */
    static String taskName(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a stat line: " + stat);
        }
        return stat.substring(open + 1, close);
    }

    /** VmRSS in bytes from {@code /proc/PID/status}. */
    static long rssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).strip().split("\\s+");
                return Long.parseLong(parts[0]) * 1024; // the kernel writes kB (KiB)
            }
        }
        return 0;
    }

    /** Received and transmitted bytes per interface from {@code /proc/net/dev}. */
    static Map<String, long[]> netDev(String text) {
        Map<String, long[]> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue;
            }
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            if (f.length >= 9) {
                out.put(line.substring(0, colon).strip(), new long[] {Long.parseLong(f[0]), Long.parseLong(f[8])});
            }
        }
        return out;
    }

    /** The tap a tun descriptor is attached to, from {@code /proc/PID/fdinfo/FD} ({@code iff:\ttap0}). */
    static Optional<String> tunInterface(String fdinfo) {
        for (String line : fdinfo.split("\n")) {
            if (line.startsWith("iff:")) {
                return Optional.of(line.substring(4).strip());
            }
        }
        return Optional.empty();
    }
}
