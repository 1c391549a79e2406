package io.kvmctl.qapi;

import io.kvmctl.sys.Libc;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A file kvmctl opens and hands to QEMU over QMP ({@code add-fd}, SCM_RIGHTS), so QEMU reaches it as
 * {@code /dev/fdset/N} whatever its own user may open: a QEMU that dropped root to the kvmctl user still writes a
 * screen dump into root's 0700 runtime directory, or opens a disk image under /root, with exactly the access kvmctl
 * opened it with (read-only stays read-only). libvirt hands disks over the same way.
 *
 * <p>{@link #close()} removes the set ({@code remove-fd}: QEMU closes it once nothing of QEMU's uses it any more)
 * and closes kvmctl's copy; {@link #keep()} closes only kvmctl's copy and leaves the set, whose opaque text (the
 * path) then says in {@code query-fdsets} which file {@code /dev/fdset/N} is, until the set is removed.
 */
public final class PassedFile implements AutoCloseable {
    private final QmpCommands qmp;
    private final int fd;
    private final int fdset;
    private boolean closed;

    private PassedFile(QmpCommands qmp, int fd, int fdset) {
        this.qmp = qmp;
        this.fd = fd;
        this.fdset = fdset;
    }

    /**
     * How the file is opened: QEMU takes a descriptor from a set only when its access mode is the one QEMU's own
     * open would use (O_WRONLY for a screen dump, O_RDWR for a writable disk).
     */
    public enum Access {
        READ_ONLY(Libc.O_RDONLY),
        WRITE_ONLY(Libc.O_WRONLY),
        READ_WRITE(Libc.O_RDWR);

        final int flags;

        Access(int flags) {
            this.flags = flags;
        }
    }

    /** Opens {@code file} (which must exist) with {@code access} and adds it to a new fd set of QEMU's. */
    public static PassedFile open(QmpCommands qmp, Path file, Access access) throws IOException {
        int fd = Libc.open(file.toString(), access.flags | Libc.O_CLOEXEC);
        try {
            // The path as the set's opaque text: query-fdsets then tells which file /dev/fdset/N is.
            FdSetEntry entry = qmp.addFd(fd, null, file.toAbsolutePath().toString());
            return new PassedFile(qmp, fd, entry.fdsetId());
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** What QEMU opens instead of the file's path. */
    public String path() {
        return "/dev/fdset/" + fdset;
    }

    /** Leaves the set in QEMU (its user removes it, e.g. at unplug) and closes kvmctl's copy. */
    public void keep() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        Libc.close(fd);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            qmp.removeFd(fdset);
        } finally {
            Libc.close(fd);
        }
    }
}
