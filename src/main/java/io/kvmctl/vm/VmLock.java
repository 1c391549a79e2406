package io.kvmctl.vm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock that serialises starting, stopping and migrating one VM name, across kvmctl processes (an OS file lock
 * on {@code .NAME.lock} beside the VM's directory) and across threads of this one. It is reentrant, so an
 * operation that holds it (a local migration's switch-over) can call another that takes it too ({@code stop}).
 * Java refuses a second file lock on the same file in one JVM, hence the in-process layer.
 *
 * <p>Lock files are never deleted: deleting one while another kvmctl waits on it would let two processes hold
 * "the" lock, one on the old inode and one on a new file.
 */
public final class VmLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, Held> HELD = new ConcurrentHashMap<>();

    private final Held held;
    private boolean released;

    private VmLock(Held held) {
        this.held = held;
    }

    /** Blocks until this thread holds the lock of VM directory {@code dir}. */
    public static VmLock acquire(VmDirectory dir) throws IOException {
        Path file = dir.lockFile().toAbsolutePath().normalize();
        Held held = HELD.computeIfAbsent(file, f -> new Held());
        held.threads.lock();
        try {
            if (held.depth++ == 0) {
                held.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                held.fileLock = held.channel.lock();
            }
            return new VmLock(held);
        } catch (IOException | RuntimeException e) {
            held.depth--;
            held.closeChannel();
            held.threads.unlock();
            throw e;
        }
    }

    /**
     * Takes the lock only when it is free (or held by this thread already); null when another kvmctl process or
     * another thread holds it. Lets a reader tell a start in progress from one whose kvmctl died (its OS lock
     * went with it).
     */
    public static VmLock tryAcquire(VmDirectory dir) throws IOException {
        Path file = dir.lockFile().toAbsolutePath().normalize();
        Held held = HELD.computeIfAbsent(file, f -> new Held());
        if (!held.threads.tryLock()) {
            return null;
        }
        try {
            if (held.depth == 0) {
                held.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                held.fileLock = held.channel.tryLock();
                if (held.fileLock == null) {
                    held.closeChannel();
                    held.threads.unlock();
                    return null;
                }
            }
            held.depth++;
            return new VmLock(held);
        } catch (IOException | RuntimeException e) {
            if (held.depth == 0) {
                held.closeChannel();
            }
            held.threads.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        try {
            if (--held.depth == 0) {
                held.closeChannel(); // closing the channel releases the file lock
            }
        } finally {
            held.threads.unlock();
        }
    }

    private static final class Held {
        final ReentrantLock threads = new ReentrantLock();
        int depth;
        FileChannel channel;
        FileLock fileLock;

        void closeChannel() throws IOException {
            fileLock = null;
            if (channel != null) {
                FileChannel c = channel;
                channel = null;
                c.close();
            }
        }
    }
}
