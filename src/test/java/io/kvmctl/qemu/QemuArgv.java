package io.kvmctl.qemu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a QEMU argv back the way QEMU does, to check what the command line builder wrote: which elements are
 * options, which are their values, and what keys a {@code key=value,...} value holds. Written from QEMU's
 * util/qemu-option.c rules: a single comma ends a value and {@code ,,} is a literal comma; the first part without
 * {@code =} is the option's implied value; a later part without {@code =} is a boolean key set to on.
 */
final class QemuArgv {
    /** Options kvmctl writes without a value. */
    static final Set<String> FLAGS = Set.of("-nodefaults", "-no-user-config", "-S");
    /** Options kvmctl writes with one value (the next argv element, whatever it starts with). */
    static final Set<String> WITH_VALUE = Set.of(
            "-name",
            "-msg",
            "-sandbox",
            "-chardev",
            "-mon",
            "-serial",
            "-display",
            "-vnc",
            "-accel",
            "-machine",
            "-cpu",
            "-smp",
            "-m",
            "-uuid",
            "-action",
            "-kernel",
            "-initrd",
            "-append",
            "-blockdev",
            "-device",
            "-netdev",
            "-drive",
            "-incoming");

    record Option(String name, String value) {}

    private QemuArgv() {}

    /**
     * The options of {@code argv} after the binary, up to {@code end}; an element where an option must be that is
     * not one kvmctl writes is an injected option.
     */
    static List<Option> options(List<String> argv, int end) {
        List<Option> out = new ArrayList<>();
        int i = 1;
        while (i < end) {
            String a = argv.get(i);
            if (FLAGS.contains(a)) {
                out.add(new Option(a, null));
                i++;
            } else if (WITH_VALUE.contains(a)) {
                if (i + 1 >= end) {
                    throw new AssertionError("option " + a + " has no value in " + argv);
                }
                out.add(new Option(a, argv.get(i + 1)));
                i += 2;
            } else {
                throw new AssertionError("argv[" + i + "] = '" + a + "' is not an option kvmctl writes: " + argv);
            }
        }
        return out;
    }

    /** The keys and values of a QemuOpts value; the implied first value is under the key "". */
    static Map<String, String> opts(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        int pos = 0;
        boolean first = true;
        while (pos < value.length()) {
            int nameEnd = pos;
            while (nameEnd < value.length() && value.charAt(nameEnd) != '=' && value.charAt(nameEnd) != ',') {
                nameEnd++;
            }
            String key;
            StringBuilder v = new StringBuilder();
            if (nameEnd < value.length() && value.charAt(nameEnd) == '=') {
                key = value.substring(pos, nameEnd);
                pos = readValue(value, nameEnd + 1, v);
            } else if (first) {
                key = "";
                pos = readValue(value, pos, v);
            } else {
                key = value.substring(pos, nameEnd);
                v.append("on");
                pos = nameEnd;
            }
            if (out.put(key, v.toString()) != null) {
                throw new AssertionError("key '" + key + "' twice in " + value);
            }
            first = false;
            if (pos < value.length()) {
                pos++; // the separating comma
            }
        }
        return out;
    }

    /** QEMU's get_opt_value: up to a single comma, with ",," read as ",". Returns where it stopped. */
    private static int readValue(String s, int pos, StringBuilder into) {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ',') {
                if (pos + 1 < s.length() && s.charAt(pos + 1) == ',') {
                    into.append(',');
                    pos += 2;
                    continue;
                }
                return pos;
            }
            into.append(c);
            pos++;
        }
        return pos;
    }
}
