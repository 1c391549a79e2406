package io.kvmctl.unix;

import io.kvmctl.sys.Errno;
import io.kvmctl.sys.SysCallException;
import io.kvmctl.sys.UnixSocketCalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * A listening AF_UNIX socket at a path, for when QEMU connects to us ({@code -qmp unix:PATH} without
 * {@code server=on}). The socket file is made mode 0600 before anyone can connect, and {@link #close()} removes
 * the file this object created.
 */
public final class UnixServerSocket implements AutoCloseable {
    private final FdOwner owner;
    private final Path path;
    private final MemorySegment pollfd = Arena.ofAuto().allocate(UnixSocketCalls.POLLFD);

    private UnixServerSocket(int fd, Path path) {
        this.owner = new FdOwner(fd);
        this.path = path;
    }

    /** Creates the socket file at {@code path} (mode 0600) and listens on it. */
    public static UnixServerSocket listen(Path path) throws IOException {
        int fd = UnixSocketCalls.socket();
        UnixServerSocket server = new UnixServerSocket(fd, path);
        boolean bound = false;
        try (SocketPath address = SocketPath.of(path)) {
            UnixSocketCalls.bind(fd, address.bytes(), path.toString());
            bound = true;
            // Before listen() nobody can connect, so tightening the mode now leaves no window.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            UnixSocketCalls.listen(fd, 16);
            return server;
        } catch (IOException | RuntimeException e) {
            server.owner.close();
            if (bound) {
                Files.deleteIfExists(path);
            }
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** Waits at most {@code timeout} for a connection. */
    public UnixSocket accept(Duration timeout) throws IOException {
        Deadline deadline = Deadline.after(timeout);
        int fd = owner.acquire();
        try {
            while (true) {
                int client = UnixSocketCalls.acceptRaw(fd);
                if (client >= 0) {
                    return UnixSocket.adopt(client, path + " (accepted)");
                }
                int errno = -client;
                if (errno != Errno.EAGAIN && errno != Errno.EINTR && errno != Errno.ECONNABORTED) {
                    throw new SysCallException("accept(" + path + ")", errno);
                }
                if (owner.isClosed()) {
                    throw new java.nio.channels.AsynchronousCloseException();
                }
                int revents = UnixSocketCalls.poll(pollfd, fd, UnixSocketCalls.POLLIN, deadline.remainingMillis());
                if (revents == 0 && deadline.passed()) {
                    throw new SocketTimeoutException("nobody connected to " + path + " within " + timeout);
                }
            }
        } finally {
            owner.release();
        }
    }

    /** The descriptor, to hand to a child process (see {@link #release()}). */
    public int fd() {
        return owner.fd();
    }

    /**
     * Lets go of the socket after a child process inherited it: closes only our descriptor, so the child keeps
     * listening, and leaves the socket file in place for clients to connect to. {@link #close()} afterwards does
     * nothing.
     */
    public void release() {
        owner.closeDescriptorOnly();
    }

    /** Stops listening and removes the socket file; idempotent. */
    @Override
    public void close() {
        if (owner.close()) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                System.getLogger(UnixServerSocket.class.getName())
                        .log(System.Logger.Level.WARNING, "could not remove socket file " + path, e);
            }
        }
    }
}
