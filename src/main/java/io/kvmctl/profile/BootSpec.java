package io.kvmctl.profile;

import java.nio.file.Path;
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

    /** A Linux kernel loaded directly by QEMU, skipping any bootloader. */
    record Kernel(Path kernel, Optional<Path> initrd, Optional<String> append) implements BootSpec {}
}
