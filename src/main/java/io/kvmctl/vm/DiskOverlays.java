package io.kvmctl.vm;

import io.kvmctl.image.ImageFormat;
import io.kvmctl.image.Images;
import io.kvmctl.qemu.DiskSpec;
import io.kvmctl.qemu.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Creates the qcow2 overlays of {@code overlay: true} disks in the runtime directory before QEMU starts. They go
 * with the directory when the VM is stopped, so the base images are never written.
 */
final class DiskOverlays {
    private DiskOverlays() {}

    static void create(Profile profile, Path runtimeDir) throws IOException {
        Images images = null;
        for (DiskSpec d : profile.disks()) {
            if (!d.overlay()) {
                continue;
            }
            if (images == null) {
                images = Images.fromEnvironment();
            }
            try {
                images.create(d.overlayIn(runtimeDir), Optional.empty(), ImageFormat.QCOW2, Optional.of(d.file()),
                        Optional.of(d.format().qemuName()), false);
            } catch (IOException e) {
                throw new VmStartException("could not create the overlay of disk " + d.id() + " over " + d.file()
                        + ": " + e.getMessage(), e);
            }
        }
    }
}
