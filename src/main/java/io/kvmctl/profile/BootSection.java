package io.kvmctl.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The {@code boot} field: a word (disk, cdrom, network) naming a device the profile must have, or a mapping with
 * a kernel to load directly.
 */
final class BootSection {
    private final Problems problems;
    private final ProfilePaths paths;

    BootSection(Problems problems, ProfilePaths paths) {
        this.problems = problems;
        this.paths = paths;
    }

    /** Reads {@code boot}; the devices already read tell whether the chosen boot source exists. */
    BootSpec read(YamlObject t, List<DiskSpec> disks, Optional<Path> cdrom, List<NicSpec> nics) {
        Optional<JsonNode> n = t.node("boot");
        if (n.isEmpty()) {
            return new BootSpec.Default();
        }
        if (n.get().isObject()) {
            return YamlObject.open(n.get(), "boot", problems, ProfileKeys.BOOT_KERNEL)
                    .map(this::kernel)
                    .orElse(new BootSpec.Default());
        }
        Optional<String> word = t.string("boot");
        if (word.isEmpty()) {
            return new BootSpec.Default();
        }
        switch (word.get()) {
            case "disk" -> {
                if (disks.isEmpty()) {
                    problems.error("boot", "boot: disk but no disks", "add a disk under disks:, or change boot");
                }
                return new BootSpec.Disk();
            }
            case "cdrom" -> {
                if (cdrom.isEmpty()) {
                    problems.error("boot", "boot: cdrom but no cdrom", "add cdrom: FILE.iso, or change boot");
                }
                return new BootSpec.Cdrom();
            }
            case "network" -> {
                if (nics.isEmpty()) {
                    problems.error("boot", "boot: network but no NIC", "add a NIC under nics:, or change boot");
                }
                return new BootSpec.Network();
            }
            default -> {
                problems.error(
                        "boot",
                        "'" + word.get() + "' is not a boot source",
                        "write disk, cdrom, network, or" + " a mapping with kernel, initrd and append");
                return new BootSpec.Default();
            }
        }
    }

    private BootSpec kernel(YamlObject b) {
        if (!b.has("kernel")) {
            problems.error(
                    "boot.kernel", "missing", "give the kernel image, or write boot: disk, cdrom or" + " network");
        }
        Optional<Path> kernel = b.string("kernel").flatMap(s -> paths.resolve("boot.kernel", s, true));
        Optional<Path> initrd = b.string("initrd").flatMap(s -> paths.resolve("boot.initrd", s, true));
        return new BootSpec.Kernel(kernel.orElse(paths.dir()), initrd, b.string("append"));
    }
}
