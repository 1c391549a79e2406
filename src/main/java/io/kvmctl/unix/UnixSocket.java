package io.kvmctl.unix;

import io.kvmctl.sys.Errno;
import io.kvmctl.sys.SysCallException;
import io.kvmctl.sys.UnixSocketCalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connected AF_UNIX stream socket. One thread may read while another writes; concurrent readers (or writers)
 * take turns. Every wait has a timeout: the descriptor is non-blocking and waits go through poll(2).
 * {@link #close()} may be called from any thread and wakes a thread blocked in {@link #read}.
 */
public final class UnixSocket implements AutoCloseable {
    /**
     * The native staging buffer for each direction. Small on purpose: every QMP connection has one pair, zeroed and
     * so resident, and a process may hold hundreds of connections (bench/scale.sh: 64 KiB buffers were a quarter of
     * kvmctl's memory per VM). QMP messages are mostly a few hundred bytes; bigger ones take a few more syscalls.
     */
    static final int BUFFER = 16 * 1024;

    private final FdOwner owner;
    private final String description;
    // An automatic arena: the buffers are freed by the GC once no thread can touch them any more, which is
    // simpler and safer than freeing them in close() while another thread may be waking up from poll.
    private final Arena arena = Arena.ofAuto();
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final MemorySegment readBuffer;
    private final MemorySegment writeBuffer;
    private final MemorySegment readPoll;
    private final MemorySegment writePoll;

    private UnixSocket(int fd, String description) {
        this.owner = new FdOwner(fd);
        this.description = description;
        this.readBuffer = arena.allocate(BUFFER);
        this.writeBuffer = arena.allocate(BUFFER);
        this.readPoll = arena.allocate(UnixSocketCalls.POLLFD);
        this.writePoll = arena.allocate(UnixSocketCalls.POLLFD);
    }

    /** Wraps a connected socket descriptor, which this object then owns. */
    static UnixSocket adopt(int fd, String description) {
        return new UnixSocket(fd, description);
    }

    /**
     * Connects to the socket at {@code path}. A path longer than {@code sun_path} is reached through its
     * directory's descriptor; if even that cannot fit, the exception says so.
     */
    public static UnixSocket connect(Path path, Duration timeout) throws IOException {
        Objects.requireNonNull(path, "path");
        Deadline deadline = Deadline.after(timeout);
        int fd = UnixSocketCalls.socket();
        UnixSocket socket = new UnixSocket(fd, path.toString());
        try (SocketPath address = SocketPath.of(path)) {
            while (true) {
                int rc = UnixSocketCalls.connectRaw(fd, address.bytes());
                if (rc == 0) {
                    return socket;
                }
                int errno = -rc;
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (errno == Errno.EINPROGRESS) {
                    socket.awaitConnected(deadline, path);
                    return socket;
                }
                if (errno == Errno.EAGAIN) {
                    // The listener's backlog is full: QEMU has not accepted yet. Retry until the deadline.
                    if (deadline.passed()) {
                        throw new SocketTimeoutException("connect to " + path + " timed out after " + timeout
                                + ": the listener's backlog stayed full");
                    }
                    Thread.sleep(Math.min(10, Math.max(1, deadline.remainingMillis())));
                    continue;
                }
                throw new SysCallException("connect(" + path + ")", errno, connectHint(errno));
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        } catch (InterruptedException e) {
            socket.close();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while connecting to " + path);
        }
    }

    private static String connectHint(int errno) {
        return switch (errno) {
            case Errno.ENOENT -> "no socket at this path (is QEMU running with this -qmp/-chardev path?)";
            case Errno.ECONNREFUSED -> "nobody listens on this socket (QEMU exited or the socket is stale)";
            case Errno.EACCES ->
                "permission denied on the socket or a directory above it (the VM belongs to another "
                        + "user: run kvmctl as the user who started it)";
            default -> null;
        };
    }

    private void awaitConnected(Deadline deadline, Path path) throws IOException {
        int fd = owner.fd();
        while (true) {
            int revents = UnixSocketCalls.poll(writePoll, fd, UnixSocketCalls.POLLOUT, deadline.remainingMillis());
            if (revents != 0) {
                int error = UnixSocketCalls.socketError(fd);
                if (error != 0) {
                    throw new SysCallException("connect(" + path + ")", error, connectHint(error));
                }
                return;
            }
            if (deadline.passed()) {
                throw new SocketTimeoutException("connect to " + path + " timed out after " + deadline.timeout());
            }
        }
    }

    /** Two connected sockets ({@code socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC)}). */
    public static UnixSocket[] pair() throws IOException {
        int[] fds = UnixSocketCalls.socketPair();
        return new UnixSocket[] {new UnixSocket(fds[0], "socketpair[0]"), new UnixSocket(fds[1], "socketpair[1]")};
    }

    /** The descriptor, e.g. to hand to a child process. It stays owned by this object. */
    public int fd() {
        return owner.fd();
    }

    /**
     * Reads up to {@code len} bytes, waiting at most {@code timeout} for the first one.
     *
     * @return the number of bytes read (at least 1), or -1 at end of stream
     * @throws SocketTimeoutException when nothing arrived in time
     */
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return 0;
        }
        Deadline deadline = Deadline.after(timeout);
        int fd = owner.acquire();
        readLock.lock();
        try {
            while (true) {
                long n = UnixSocketCalls.recvRaw(fd, readBuffer, Math.min(len, BUFFER));
                if (n > 0) {
                    MemorySegment.copy(readBuffer, ValueLayout.JAVA_BYTE, 0, buf, off, (int) n);
                    return (int) n;
                }
                if (n == 0) {
                    return -1;
                }
                int errno = (int) -n;
                if (errno == Errno.ECONNRESET) {
                    return -1;
                }
                if (errno != Errno.EAGAIN && errno != Errno.EINTR) {
                    throw new SysCallException("recv(" + description + ")", errno);
                }
                waitFor(readPoll, fd, UnixSocketCalls.POLLIN, deadline, "read from");
            }
        } finally {
            readLock.unlock();
            owner.release();
        }
    }

    /**
     * Waits at most {@code timeout} until there is something to read (data, or the end of the stream) and says
     * whether there is; reads nothing. A QMP client uses it to tell a monitor that greets from one that is busy.
     */
    public boolean awaitReadable(Duration timeout) throws IOException {
        Deadline deadline = Deadline.after(timeout);
        int fd = owner.acquire();
        readLock.lock();
        try {
            while (true) {
                int revents = UnixSocketCalls.poll(readPoll, fd, UnixSocketCalls.POLLIN, deadline.remainingMillis());
                if (revents != 0) {
                    return true;
                }
                if (deadline.passed()) {
                    return false;
                }
            }
        } finally {
            readLock.unlock();
            owner.release();
        }
    }

    /** Writes all {@code len} bytes, waiting at most {@code timeout} in total for the peer to take them. */
    public void write(byte[] buf, int off, int len, Duration timeout) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        Deadline deadline = Deadline.after(timeout);
        int fd = owner.acquire();
        writeLock.lock();
        try {
            int done = 0;
            while (done < len) {
                int chunk = Math.min(len - done, BUFFER);
                MemorySegment.copy(buf, off + done, writeBuffer, ValueLayout.JAVA_BYTE, 0, chunk);
                long n = UnixSocketCalls.sendRaw(fd, writeBuffer, chunk);
                if (n >= 0) {
                    done += (int) n;
                    continue;
                }
                handleSendError((int) -n, fd, deadline);
            }
        } finally {
            writeLock.unlock();
            owner.release();
        }
    }

    /**
     * Sends {@code data} with {@code fds} attached (SCM_RIGHTS). The descriptors are duplicated into the
     * receiver; the caller still owns and should close its copies. Waits at most 10 seconds for buffer space.
     */
    public void sendWithFds(byte[] data, int... fds) throws IOException {
        sendWithFds(data, Duration.ofSeconds(10), fds);
    }

    /** {@link #sendWithFds(byte[], int...)} with an explicit timeout. */
    public void sendWithFds(byte[] data, Duration timeout, int... fds) throws IOException {
        if (data.length == 0) {
            throw new IllegalArgumentException("SCM_RIGHTS needs at least one byte of data to travel with");
        }
        Deadline deadline = Deadline.after(timeout);
        int fd = owner.acquire();
        writeLock.lock();
        try {
            int head = Math.min(data.length, BUFFER);
            MemorySegment.copy(data, 0, writeBuffer, ValueLayout.JAVA_BYTE, 0, head);
            while (true) {
                long n = UnixSocketCalls.sendWithFdsRaw(fd, writeBuffer, head, fds);
                if (n >= 0) {
                    int done = (int) n;
                    while (done < head) { // descriptors went with the first byte; the rest is plain data
                        long more = UnixSocketCalls.sendRaw(fd, writeBuffer.asSlice(done), head - done);
                        if (more >= 0) {
                            done += (int) more;
                        } else {
                            handleSendError((int) -more, fd, deadline);
                        }
                    }
                    if (data.length > head) { // beyond the staging buffer: plain data too (the lock is reentrant)
                        write(data, head, data.length - head, Duration.ofMillis(deadline.remainingMillis()));
                    }
                    return;
                }
                handleSendError((int) -n, fd, deadline);
            }
        } finally {
            writeLock.unlock();
            owner.release();
        }
    }

    /** Bytes and descriptors received by {@link #receiveWithFds}. The caller owns the descriptors. */
    @SuppressWarnings("ArrayRecordComponent") // descriptors as the kernel handed them over: never compared
    public record Received(int bytes, int[] fds) {}

    /**
     * Reads like {@link #read} and also accepts up to {@code maxFds} descriptors (close-on-exec) sent with
     * SCM_RIGHTS. Descriptors beyond {@code maxFds} are discarded by the kernel, which this reports as an error.
     */
    public Received receiveWithFds(byte[] buf, int off, int len, int maxFds, Duration timeout) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        Deadline deadline = Deadline.after(timeout);
        int fd = owner.acquire();
        readLock.lock();
        try {
            while (true) {
                UnixSocketCalls.Received r =
                        UnixSocketCalls.recvWithFdsRaw(fd, readBuffer, Math.min(len, BUFFER), maxFds);
                if (r.bytes() >= 0) {
                    MemorySegment.copy(readBuffer, ValueLayout.JAVA_BYTE, 0, buf, off, (int) r.bytes());
                    if (r.fdsTruncated()) {
                        throw new IOException("received more descriptors than the " + maxFds + " expected on "
                                + description + "; the kernel dropped the rest");
                    }
                    return new Received(r.bytes() == 0 ? -1 : (int) r.bytes(), r.fds());
                }
                int errno = (int) -r.bytes();
                if (errno != Errno.EAGAIN && errno != Errno.EINTR) {
                    throw new SysCallException("recvmsg(" + description + ")", errno);
                }
                waitFor(readPoll, fd, UnixSocketCalls.POLLIN, deadline, "read from");
            }
        } finally {
            readLock.unlock();
            owner.release();
        }
    }

    /** The peer's process, user and group (SO_PEERCRED). */
    public PeerCredentials peerCredentials() throws IOException {
        int fd = owner.acquire();
        try {
            int[] cred = UnixSocketCalls.peerCredentials(fd);
            return new PeerCredentials(cred[0], cred[1], cred[2]);
        } finally {
            owner.release();
        }
    }

    /** The socket's inode, as {@code /proc/PID/fd} and the kernel's socket table name it. */
    public long inode() throws IOException {
        int fd = owner.acquire();
        try {
            String link = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd))
                    .toString();
            return SocketHolders.socketInode(link)
                    .orElseThrow(() -> new IOException("descriptor " + fd + " is not a socket: " + link));
        } finally {
            owner.release();
        }
    }

    /** What this socket is connected to, for messages: the path, or {@code socketpair[N]}. */
    public String description() {
        return description;
    }

    public boolean isOpen() {
        return !owner.isClosed();
    }

    /** Closes the socket; idempotent, callable from any thread, and wakes a blocked reader. */
    @Override
    public void close() {
        owner.close();
    }

    private void handleSendError(int errno, int fd, Deadline deadline) throws IOException {
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
            waitFor(writePoll, fd, UnixSocketCalls.POLLOUT, deadline, "write to");
            return;
        }
        if (errno == Errno.EPIPE || errno == Errno.ECONNRESET) {
            throw new SysCallException("send(" + description + ")", errno, "the peer closed the connection");
        }
        throw new SysCallException("send(" + description + ")", errno);
    }

    private void waitFor(MemorySegment pollfd, int fd, short events, Deadline deadline, String what)
            throws IOException {
        while (true) {
            if (owner.isClosed()) {
                throw new java.nio.channels.AsynchronousCloseException();
            }
            int revents = UnixSocketCalls.poll(pollfd, fd, events, deadline.remainingMillis());
            if (revents != 0) {
                if ((revents & UnixSocketCalls.POLLNVAL) != 0) {
                    throw new IOException("socket " + description + " is not open");
                }
                return; // readable, writable, hung up or in error: the next recv/send tells which
            }
            if (deadline.passed()) {
                throw new SocketTimeoutException(what + " " + description + " timed out after " + deadline.timeout());
            }
        }
    }

    @Override
    public String toString() {
        return "UnixSocket[" + description + ", fd " + owner.fd() + "]";
    }
}
