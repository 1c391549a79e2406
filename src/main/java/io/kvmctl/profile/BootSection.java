package io.kvmctl.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The {@code boot} field: a list of device ids in boot order, a word (disk, cdrom, network) naming a device the
 * profile must have, or a mapping with a kernel to load directly.
 */
final class BootSection {
    private final Problems problems;
    private final ProfilePaths paths;

    BootSection(Problems problems, ProfilePaths paths) {
        this.problems = problems;
        this.paths = paths;
    }

    /** Reads {@code boot}; the devices already read tell whether the chosen boot source exists. */
    BootSpec read(YamlObject t, List<DiskSpec> disks, List<CdromSpec> cdroms, List<NicSpec> nics) {
        Optional<JsonNode> n = t.node("boot");
        if (n.isEmpty()) {
            return new BootSpec.Default();
        }
        if (n.get().isArray()) {
            return order(t, disks, cdroms, nics);
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
                if (cdroms.isEmpty()) {
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
                        "write disk, cdrom, network, a list of device ids such as [cd0, disk0], or"
                                + " a mapping with kernel, initrd and append");
                return new BootSpec.Default();
            }
        }
    }

    /**
     * {@code boot: [cd0, disk0, net0]}: the firmware tries these devices in this order. Each must be one of the
     * profile's disks, cdroms or NICs, listed once; a kernel boot has no place in it, since QEMU loads the kernel
     * before the firmware looks at any device.
     */
    private BootSpec order(YamlObject t, List<DiskSpec> disks, List<CdromSpec> cdroms, List<NicSpec> nics) {
        Map<String, String> known = new LinkedHashMap<>();
        disks.forEach(d -> known.put(d.id(), "disk"));
        cdroms.forEach(c -> known.put(c.id(), "cdrom"));
        nics.forEach(nic -> known.put(nic.id(), "NIC"));
        List<JsonNode> items = t.list("boot");
        if (items.isEmpty()) {
            problems.error("boot", "the boot list is empty", "list device ids, e.g. [disk0], or remove boot:");
        }
        List<String> order = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String field = "boot[" + i + "]";
            JsonNode item = items.get(i);
            if (item.isObject()) {
                problems.error(
                        field,
                        "a kernel boot cannot be part of a boot list (QEMU loads the kernel before the firmware"
                                + " tries any device)",
                        "write boot: with kernel, initrd and append alone, or list only device ids");
                continue;
            }
            Optional<String> id = YamlObject.text(item, field, problems);
            if (id.isEmpty()) {
                continue;
            }
            if (!known.containsKey(id.get())) {
                problems.error(
                        field,
                        "'" + id.get() + "' is not a disk, cdrom or NIC of this profile"
                                + (known.isEmpty() ? " (it has none)" : ""),
                        known.isEmpty()
                                ? "add the device, or remove boot:"
                                : "use one of its ids: " + String.join(", ", known.keySet()));
            } else if (order.contains(id.get())) {
                problems.error(field, "'" + id.get() + "' is listed twice", "list each device once");
            } else {
                order.add(id.get());
            }
        }
        return new BootSpec.Order(order);
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
