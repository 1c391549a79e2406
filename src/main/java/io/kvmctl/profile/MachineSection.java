package io.kvmctl.profile;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The top-level fields that describe the machine itself: its name and UUID, the machine and CPU models, the vCPU
 * count, the memory size and the hot-plug root ports.
 */
final class MachineSection {
    static final Pattern VM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Root ports take a chassis number each and a PCI function on the root bus; 32 is plenty and fits. */
    static final int MAX_HOTPLUG_SLOTS = 32;

    private final Problems problems;
    private final int hostCpus;

    MachineSection(Problems problems, int hostCpus) {
        this.problems = problems;
        this.hostCpus = hostCpus;
    }

    /** The VM name: {@code --name}, else the {@code name} field, else the file name without {@code .yaml}. */
    String name(YamlObject t, Optional<String> override) {
        if (override.isPresent()) {
            String n = override.get();
            if (!VM_NAME.matcher(n).matches()) {
                problems.error("name (--name)", "'" + n + "' is not a valid VM name", nameRule());
            }
            return n;
        }
        Optional<String> given = t.string("name");
        if (given.isPresent()) {
            if (!VM_NAME.matcher(given.get()).matches()) {
                problems.error("name", "'" + given.get() + "' is not a valid VM name", nameRule());
            }
            return given.get();
        }
        Path file = problems.file();
        String stem =
                file.getFileName() == null ? "" : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!VM_NAME.matcher(stem).matches()) {
            problems.error(
                    "name",
                    "missing, and the file name '" + stem + "' is not a valid VM name",
                    "add a name: line; " + nameRule());
        }
        return stem;
    }

    private static String nameRule() {
        return "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    }

    /** A QEMU model name for {@code key} ({@code machine} or {@code cpu}). */
    Optional<String> modelName(YamlObject t, String key) {
        return t.string(key).filter(s -> {
            if (MODEL_NAME.matcher(s).matches()) {
                return true;
            }
            problems.error(
                    key,
                    "'" + s + "' is not a QEMU " + key + " model name",
                    "use a name from `qemu-system-x86_64 -" + key + " help` (letters, digits, '.', '_', '-'), e.g. "
                            + (key.equals("cpu") ? "host" : "q35"));
            return false;
        });
    }

    /** The vCPU count (1 by default); more than the host has is allowed, with a warning. */
    int smp(YamlObject t) {
        int smp = t.integer("smp", 1, 255).orElse(1);
        if (smp > hostCpus) {
            problems.warning(
                    "smp",
                    smp + " vCPUs but this host has " + hostCpus + " CPUs, so they compete for" + " time",
                    "use smp: " + hostCpus + " or less");
        }
        return smp;
    }

    /** The memory size: whole MiB above zero, 256 MiB by default. */
    Size memory(YamlObject t) {
        Optional<String> text = t.string("memory");
        if (text.isEmpty()) {
            return Size.ofMebibytes(256);
        }
        try {
            Size s = Size.parse(text.get());
            if (s.bytes() == 0 || !s.isWholeMebibytes()) {
                problems.error(
                        "memory",
                        "'" + text.get() + "' is not a whole number of MiB above zero",
                        "write e.g. 256M or 2G");
            }
            return s;
        } catch (IllegalArgumentException e) {
            problems.error("memory", e.getMessage(), "");
            return Size.ofMebibytes(256);
        }
    }

    Optional<UUID> uuid(YamlObject t) {
        return t.string("uuid").flatMap(s -> {
            if (!UUID_TEXT.matcher(s).matches()) {
                problems.error(
                        "uuid",
                        "'" + s + "' is not a UUID",
                        "write 8-4-4-4-12 hex digits, e.g. the output" + " of uuidgen, or remove it");
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(s));
        });
    }

    /** Empty PCIe root ports for hot-plug: q35 only, where the root bus itself cannot take hot-plugged cards. */
    int hotplugSlots(YamlObject t, String machine) {
        boolean pcie = machine.contains("q35");
        if (!t.has("hotplug_slots")) {
            return pcie ? Profile.DEFAULT_HOTPLUG_SLOTS : 0;
        }
        int n = t.integer("hotplug_slots", 0, MAX_HOTPLUG_SLOTS).orElse(0);
        if (n > 0 && !pcie) {
            problems.error(
                    "hotplug_slots",
                    "machine " + machine + " is not PCI Express, so it needs no root ports"
                            + " (its root bus takes hot-plugged cards)",
                    "remove hotplug_slots, or use machine: q35");
        }
        return n;
    }
}
