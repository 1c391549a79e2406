package io.kvmctl.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether tap NICs can use the kernel's vhost-net data path, and if not, the note that says so. */
public final class VhostNet {
    static final Path DEVICE = Path.of("/dev/vhost-net");

    private VhostNet() {}

    public static boolean available() {
        return Files.isReadable(DEVICE) && Files.isWritable(DEVICE);
    }

    /** Empty when vhost is used; else why not and how to get it. */
    public static Optional<String> note(boolean available) {
        if (available) {
            return Optional.empty();
        }
        return Optional.of(
                Files.exists(DEVICE)
                        ? "vhost-net off: no read/write access to " + DEVICE
                                + " (run as root or add the user to its group);"
                                + " tap NICs use QEMU's userspace virtio-net"
                        : "vhost-net off: " + DEVICE + " does not exist ('modprobe vhost_net' loads it); tap NICs use"
                                + " QEMU's userspace virtio-net");
    }
}
