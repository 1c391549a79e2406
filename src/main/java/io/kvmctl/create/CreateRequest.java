package io.kvmctl.create;

import io.kvmctl.profile.Size;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code kvmctl create} was asked for.
 *
 * @param diskSize the disk's size: for an image, the overlay's (at least the image's; empty keeps its size); for an
 *     ISO, the empty disk's (required)
 * @param accel    {@code kvm} or {@code tcg}; empty leaves it to the profile default
 * @param cloudInit a user-data file for cloud-init (images only)
 * @param forwards host port to guest port forwards on the user NIC
 */
public record CreateRequest(
        String name,
        Source source,
        Optional<Size> diskSize,
        int cpus,
        Size memory,
        Firmware firmware,
        Optional<String> accel,
        boolean ssh,
        Optional<Path> cloudInit,
        List<Forward> forwards) {
    public CreateRequest {
        forwards = List.copyOf(forwards);
    }

    /** Where the guest's system comes from. */
    public sealed interface Source {
        /** A disk image with an installed system (a cloud image): the VM runs on an overlay over it. */
        record Image(Path file) implements Source {}

        /** An installer: the VM gets an empty disk and boots the ISO first. */
        record Iso(Path file) implements Source {}
    }

    /** The guest firmware. */
    public enum Firmware {
        BIOS,
        UEFI
    }

    /**
     * A user-net port forward.
     *
     * @param hostPort 0 lets the kernel pick a free port at each start ({@code kvmctl status} shows it)
     */
    public record Forward(int hostPort, int guestPort) {}
}
