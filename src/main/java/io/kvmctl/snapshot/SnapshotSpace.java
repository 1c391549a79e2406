package io.kvmctl.snapshot;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Why a snapshot save failed when QEMU does not say: a full disk makes QEMU report only "Error while writing VM
 * state: Input/output error". The VM state goes into the first qcow2 disk's file and needs up to the guest's RAM
 * (less for zero pages), so a file system with less free than that is the likely cause. Pure, for the figures.
 */
final class SnapshotSpace {
    private SnapshotSpace() {}

    /**
     * @param image the file that receives the VM state
     * @param freeBytes what its file system has free now
     * @param ramBytes the guest's RAM
     */
    static Optional<String> explain(Path image, long freeBytes, long ramBytes) {
        if (freeBytes >= ramBytes) {
            return Optional.empty();
        }
        Path dir = image.toAbsolutePath().getParent();
        return Optional.of("; the VM state (up to " + mib(ramBytes) + " MiB, the guest's RAM) goes into " + image
                + ", whose file system has " + mib(freeBytes) + " MiB free: no space left on device is the likely"
                + " cause; the file system of " + dir + " is full: free space there ('df -h " + dir + "') and retry");
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
