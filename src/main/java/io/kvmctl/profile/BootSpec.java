package io.kvmctl.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the firmware boots first. */
public sealed interface BootSpec {

    /** Nothing chosen: the firmware's default order (a migration target, for example, boots nothing itself). */
    record Default() implements BootSpec {}

    /** The first disk. */
    record Disk() implements BootSpec {}

    /** The CD-ROM. */
    record Cdrom() implements BootSpec {}

    /** PXE from the first NIC. */
    record Network() implements BootSpec {}

    /**
     * Disks, cdroms and NICs by id, tried in this order ({@code bootindex} 1, 2, ...); the firmware tries no other
     * device ({@code -boot strict=on}).
     */
    record Order(List<String> ids) implements BootSpec {
        public Order {
            ids = List.copyOf(ids);
        }

        /** The device's {@code bootindex}: its place in the list, from 1, as libvirt numbers them. */
        public Optional<Integer> bootIndex(String id) {
            int i = ids.indexOf(id);
            return i < 0 ? Optional.empty() : Optional.of(i + 1);
        }
    }

    /** A Linux kernel loaded directly by QEMU, skipping any bootloader. */
    record Kernel(Path kernel, Optional<Path> initrd, Optional<String> append) implements BootSpec {}
}
