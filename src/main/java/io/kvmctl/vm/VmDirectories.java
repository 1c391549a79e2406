package io.kvmctl.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Removal of a VM's runtime directory once its QEMU is gone, after its logs are kept ({@link LogArchive}). */
final class VmDirectories {
    private VmDirectories() {}

    /**
     * Keeps the logs, then removes the directory. When the logs cannot be kept the directory stays, so nothing is
     * lost, and the error says where the logs are and how to finish.
     *
     * @return the log folder the logs went to, or empty when there were none
     */
    static Optional<Path> remove(VmDirectory dir) throws IOException {
        if (!Files.exists(dir.path())) {
            return Optional.empty();
        }
        Optional<Path> kept;
        try {
            kept = LogArchive.keep(dir);
        } catch (IOException e) {
            throw new IOException(
                    "VM " + dir.name() + "'s QEMU is gone, but its logs could not be kept in "
                            + LogRoot.of(dir).vm(dir.name()) + " ("
                            + (e.getMessage() == null ? e.toString() : e.getMessage())
                            + "); they are still in " + dir.path() + ": fix that (or set " + LogRoot.ENV
                            + " to another folder) and run 'kvmctl down " + dir.name() + "' again",
                    e);
        }
        delete(dir);
        return kept;
    }

    /**
     * For a start that failed: keeps what QEMU said if it can (the error in hand says more, so a failure to keep the
     * logs is only added to it), then removes the directory.
     */
    static void removeAfterFailedStart(VmDirectory dir, Exception cause) {
        try {
            LogArchive.keepWhatWasSaid(dir);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            delete(dir);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void delete(VmDirectory dir) throws IOException {
        // swtpm normally ends with QEMU (--terminate); one whose QEMU never connected is stopped here.
        Swtpm.stop(dir.path());
        // Taps kvmctl created go with the VM; the record of them lives in this directory, so first.
        io.kvmctl.net.NetworkCleanup.release(dir.path());
        VmCgroups.release(dir.path());
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
