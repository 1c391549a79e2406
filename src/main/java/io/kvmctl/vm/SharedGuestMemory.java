package io.kvmctl.vm;

import io.kvmctl.sys.Libc;
import io.kvmctl.sys.SysCallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The guest RAM of a {@code memory_backend: shared} VM: a memfd kvmctl creates and QEMU inherits, maps with
 * {@code share=on} and keeps open. It has no name in any file system, so it cannot be left behind: the pages are
 * freed when the last QEMU (or kvmctl, during a hand-over) holding it is gone, whatever killed it.
 *
 * <p>A local migration reopens the running source's descriptor through {@code /proc/PID/fd/N} (allowed to the
 * user QEMU runs as and to root) and hands it to the destination, which then maps the very same pages.
 * This object owns kvmctl's descriptor only; {@link #close()} is idempotent.
 */
public final class SharedGuestMemory implements AutoCloseable {
    /** The memfd's name, shown in /proc/PID/fd and /proc/PID/maps as {@code /memfd:kvmctl-guest-ram (deleted)}. */
    static final String MEMFD_NAME = "kvmctl-guest-ram";

    private final int fd;
    private boolean closed;

    private SharedGuestMemory(int fd) {
        this.fd = fd;
    }

    /** New, zero-filled guest memory of {@code bytes} (pages are allocated when the guest touches them). */
    public static SharedGuestMemory create(long bytes) throws IOException {
        int fd = Libc.memfdCreate(MEMFD_NAME, Libc.MFD_CLOEXEC);
        try {
            Libc.ftruncate(fd, bytes);
        } catch (SysCallException e) {
            Libc.close(fd);
            throw e;
        }
        return new SharedGuestMemory(fd);
    }

    /**
     * The guest memory a running QEMU (pid {@code qemuPid}) holds at its descriptor {@code qemuFd}.
     *
     * @throws IOException when that descriptor is not kvmctl's guest memory (then the migration must copy)
     */
    public static SharedGuestMemory ofRunningQemu(int qemuPid, int qemuFd) throws IOException {
        Path link = Path.of("/proc", Integer.toString(qemuPid), "fd", Integer.toString(qemuFd));
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new IOException("cannot see the guest memory of QEMU " + qemuPid + " (" + link + "): " + e, e);
        }
        if (!target.startsWith("/memfd:" + MEMFD_NAME)) {
            throw new IOException(
                    "descriptor " + qemuFd + " of QEMU " + qemuPid + " is " + target + ", not kvmctl's guest memory");
        }
        return new SharedGuestMemory(Libc.open(link.toString(), Libc.O_RDWR | Libc.O_CLOEXEC));
    }

    public int fd() {
        return fd;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Libc.close(fd);
        } catch (SysCallException ignored) {
            // EBADF cannot happen for a descriptor we own; nothing else is reported by close on a memfd
        }
    }
}
