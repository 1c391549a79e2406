package io.kvmctl.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of a VM's runtime directory once its QEMU is gone. */
final class VmDirectories {
    private VmDirectories() {}

    static void remove(VmDirectory dir) throws IOException {
        if (!Files.exists(dir.path())) {
            return;
        }
        // Taps kvmctl created go with the VM; the record of them lives in this directory, so first.
        io.kvmctl.net.NetworkCleanup.release(dir.path());
        try (Stream<Path> walk = Files.walk(dir.path())) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        // The lock file stays (see VmLock).
        // A VM that came here by a local migration leaves a NAME.incoming link (see VmRenamer): now unneeded.
        VmRenamer.sweepDanglingAliases(new RuntimeRoot(dir.path().getParent()));
    }
}
