package io.kvmctl.web;

import java.util.List;
import java.util.Locale;

/**
 * What the list shows of a running VM's size and screen, read from the QEMU command line kvmctl recorded (no QMP
 * round trip per VM every half second).
 *
 * @param vcpus {@code -smp}'s count, null when absent
 * @param memoryBytes {@code -m}'s size, null when absent
 * @param vnc whether QEMU was started with a VNC display
 */
public record ArgvFacts(Integer vcpus, Long memoryBytes, boolean vnc) {
    public static final ArgvFacts NONE = new ArgvFacts(null, null, false);

    public static ArgvFacts of(List<String> argv) {
        Integer vcpus = null;
        Long memory = null;
        boolean vnc = false;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            String next = i + 1 < argv.size() ? argv.get(i + 1) : "";
            switch (a) {
                case "-smp" -> vcpus = count(option(next, "cpus"));
                case "-m" -> memory = size(option(next, "size"));
                case "-vnc" -> vnc = true;
                default -> {}
            }
        }
        return new ArgvFacts(vcpus, memory, vnc);
    }

    /** The value of {@code key=} in {@code a=1,key=2}, or the leading bare value ({@code 2,maxcpus=4}). */
    static String option(String value, String key) {
        for (String part : value.split(",")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        String first = value.split(",")[0];
        return first.contains("=") ? null : first;
    }

    private static Integer count(String text) {
        try {
            return text == null ? null : Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** QEMU's -m size: a bare number is MiB; suffixes K, M, G, T. */
    static Long size(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String t = text.toUpperCase(Locale.ROOT);
        char unit = t.charAt(t.length() - 1);
        long factor = switch (unit) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 0;
        };
        try {
            if (factor == 0) {
                return Long.parseLong(t) << 20;
            }
            return Long.parseLong(t.substring(0, t.length() - 1)) * factor;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
