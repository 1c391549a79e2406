package io.kvmctl.probe;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** What /proc/cpuinfo says about the first CPU: vendor, model and flags. Parsed from text, no IO. */
public record HostCpu(String vendor, String model, Set<String> flags) {
    public HostCpu {
        flags = Set.copyOf(flags);
    }

    /** Parses the first processor block of /proc/cpuinfo (x86 field names); unknown fields stay empty. */
    public static HostCpu parse(String text) {
        String vendor = "";
        String model = "";
        Set<String> flags = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                if (!flags.isEmpty() || !vendor.isEmpty()) {
                    break; // end of the first processor block
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id" -> vendor = value;
                case "model name" -> model = value;
                case "flags" -> flags.addAll(Arrays.asList(value.split("\\s+")));
                default -> {}
            }
        }
        flags.remove("");
        return new HostCpu(vendor, model, flags);
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** {@code vmx} (Intel VT-x) or {@code svm} (AMD-V), or empty when the CPU shows neither. */
    public String virtualizationFlag() {
        return has("vmx") ? "vmx" : has("svm") ? "svm" : "";
    }

    public boolean underHypervisor() {
        return has("hypervisor");
    }
}
