package io.kvmctl.vm;

import io.kvmctl.image.ImageFormat;
import io.kvmctl.image.Images;
import io.kvmctl.profile.DiskSpec;
import io.kvmctl.profile.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Creates the qcow2 overlays of {@code overlay: true} disks in the runtime directory before QEMU starts. They go
 * with the directory when the VM is stopped, so the base images are never written.
 *
 * <p>A local migration's destination instead takes over the source's overlays: they hold everything the guest
 * wrote, and a fresh overlay on the base would lose it. The destination gets a hard link (same root, so same file
 * system), so the overlay outlives the source's directory; the two QEMUs hand the image over as on shared storage
 * (the destination opens it inactive and only writes once the migration completed and the source let go).
 */
final class DiskOverlays {
    private DiskOverlays() {}

    static void create(Profile profile, Path runtimeDir, Optional<Path> takeOverFrom) throws IOException {
        Images images = null;
        for (DiskSpec d : profile.disks()) {
            if (!d.overlay()) {
                continue;
            }
            if (takeOverFrom.isPresent()) {
                link(d, takeOverFrom.get(), runtimeDir);
                continue;
            }
            if (images == null) {
                images = Images.fromEnvironment();
            }
            try {
                images.create(
                        d.overlayIn(runtimeDir),
                        Optional.empty(),
                        ImageFormat.QCOW2,
                        Optional.of(d.file()),
                        Optional.of(d.format().qemuName()),
                        false);
            } catch (IOException e) {
                throw new VmStartException(
                        "could not create the overlay of disk " + d.id() + " over " + d.file() + ": " + e.getMessage(),
                        e);
            }
        }
    }

    private static void link(DiskSpec d, Path sourceDir, Path runtimeDir) throws VmStartException {
        Path existing = d.overlayIn(sourceDir);
        if (!Files.isRegularFile(existing)) {
            throw new VmStartException("disk " + d.id() + " is an overlay disk, but " + existing + " (the overlay "
                    + "that holds the guest's writes) is missing from the source's runtime directory");
        }
        try {
            Files.createLink(d.overlayIn(runtimeDir), existing);
        } catch (IOException | UnsupportedOperationException e) {
            throw new VmStartException(
                    "could not take over the overlay " + existing + " of disk " + d.id() + " (a hard link in "
                            + runtimeDir + "): " + e,
                    e);
        }
    }
}
