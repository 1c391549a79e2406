package io.kvmctl.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The per-name lock, and removal of a VM's runtime directory once its QEMU is gone. */
final class VmDirectories {
    private VmDirectories() {}

    /** Takes the lock that serialises starting and stopping VM {@code dir}; blocks while another kvmctl holds it. */
    static java.nio.channels.FileLock lock(VmDirectory dir) throws IOException {
        var channel = java.nio.channels.FileChannel.open(dir.lockFile(), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        try {
            return channel.lock(); // closing the channel (FileLock.channel().close()) releases it
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

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
        // The lock file stays: deleting it while another kvmctl waits on it would let two processes hold "the"
        // lock (one on the old inode, one on a new file).
    }
}
