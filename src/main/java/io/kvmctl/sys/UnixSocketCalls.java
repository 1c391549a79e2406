package io.kvmctl.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * The socket calls behind {@code io.kvmctl.unix}: AF_UNIX stream sockets, poll, send/recv, SCM_RIGHTS and
 * SO_PEERCRED. Sockets are created non-blocking and close-on-exec; waiting is done with {@link #poll}, so every
 * blocking operation above this layer has a timeout.
 *
 * <p>Calls that have an expected failure (EAGAIN, EINPROGRESS, EINTR) return {@code -errno} instead of throwing
 * ("raw" calls); the others throw {@link SysCallException}.
 */
@SuppressWarnings("restricted")
public final class UnixSocketCalls {
    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_ERROR = 4;
    public static final int SO_PEERCRED = 17;
    public static final int SCM_RIGHTS = 1;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_CTRUNC = 0x08;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;
    public static final int SHUT_RDWR = 2;
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    /**
     * {@snippet lang=c :
     * struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; };
     * }
     */
    public static final int SUN_PATH_SIZE = 108;

    private static final int SOCKADDR_UN_SIZE = 2 + SUN_PATH_SIZE;

    /**
     * {@snippet lang=c :
     * struct pollfd { int fd; short events; short revents; };
     * }
     */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    /**
     * {@snippet lang=c :
     * struct ucred { pid_t pid; uid_t uid; gid_t gid; };
     * }
     */
    public static final StructLayout UCRED =
            MemoryLayout.structLayout(JAVA_INT.withName("pid"), JAVA_INT.withName("uid"), JAVA_INT.withName("gid"));

    /**
     * {@snippet lang=c :
     * struct iovec { void *iov_base; size_t iov_len; };
     * }
     */
    public static final StructLayout IOVEC =
            MemoryLayout.structLayout(ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));

    /**
     * {@snippet lang=c :
     * struct msghdr {
     *     void *msg_name; socklen_t msg_namelen;
     *     struct iovec *msg_iov; size_t msg_iovlen;
     *     void *msg_control; size_t msg_controllen;
     *     int msg_flags;
     * };
     * }
     */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    /**
     * {@snippet lang=c :
     * struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; };
     * }
     */
    private static final long CMSG_HEADER = 16;

    // One holder class per handle: each is linked the first time it is called (see Libc).
    private static final class Socket {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class Socketpair {
        static final MethodHandle HANDLE = NativeCalls.withErrno(
                "socketpair", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }

    private static final class Connect {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Bind {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Listen {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private static final class Accept4 {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    }

    private static final class Poll {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    private static final class Recv {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    private static final class Send {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    private static final class Sendmsg {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Recvmsg {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Getsockopt {
        static final MethodHandle HANDLE = NativeCalls.withErrno(
                "getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    private static final class Shutdown {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    private UnixSocketCalls() {}

    /** A new non-blocking, close-on-exec AF_UNIX stream socket. */
    public static int socket() throws SysCallException {
        int fd;
        try {
            fd = (int) Socket.HANDLE.invokeExact(
                    NativeCalls.captureState(), AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("socket", t);
        }
        if (fd < 0) {
            throw new SysCallException("socket(AF_UNIX, SOCK_STREAM)", NativeCalls.lastErrno());
        }
        return fd;
    }

    /** Two connected non-blocking, close-on-exec AF_UNIX stream sockets. */
    public static int[] socketPair() throws SysCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sv = arena.allocate(JAVA_INT, 2);
            int rc = (int) Socketpair.HANDLE.invokeExact(
                    NativeCalls.captureState(), AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv);
            if (rc < 0) {
                throw new SysCallException("socketpair(AF_UNIX, SOCK_STREAM)", NativeCalls.lastErrno());
            }
            return new int[] {sv.getAtIndex(JAVA_INT, 0), sv.getAtIndex(JAVA_INT, 1)};
        } catch (SysCallException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("socketpair", t);
        }
    }

    /**
     * {@code connect(2)} to a socket path of at most {@value #SUN_PATH_SIZE}-1 bytes; returns 0 or {@code -errno}
     * (EINPROGRESS and EAGAIN are normal for a non-blocking socket).
     */
    public static int connectRaw(int fd, byte[] path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = sockaddr(arena, path);
            int rc =
                    (int) Connect.HANDLE.invokeExact(NativeCalls.captureState(), fd, address, (int) address.byteSize());
            return rc < 0 ? -NativeCalls.lastErrno() : 0;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("connect", t);
        }
    }

    public static void bind(int fd, byte[] path, String display) throws SysCallException {
        int rc;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = sockaddr(arena, path);
            rc = (int) Bind.HANDLE.invokeExact(NativeCalls.captureState(), fd, address, (int) address.byteSize());
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("bind", t);
        }
        if (rc < 0) {
            throw new SysCallException("bind(" + display + ")", NativeCalls.lastErrno());
        }
    }

    public static void listen(int fd, int backlog) throws SysCallException {
        int rc;
        try {
            rc = (int) Listen.HANDLE.invokeExact(NativeCalls.captureState(), fd, backlog);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("listen", t);
        }
        if (rc < 0) {
            throw new SysCallException("listen", NativeCalls.lastErrno());
        }
    }

    /** {@code accept4} giving a non-blocking, close-on-exec socket; returns the fd or {@code -errno}. */
    public static int acceptRaw(int fd) {
        try {
            int rc = (int) Accept4.HANDLE.invokeExact(
                    NativeCalls.captureState(),
                    fd,
                    MemorySegment.NULL,
                    MemorySegment.NULL,
                    SOCK_NONBLOCK | SOCK_CLOEXEC);
            return rc < 0 ? -NativeCalls.lastErrno() : rc;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("accept4", t);
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for {@code events} on {@code pollfd} (a {@link #POLLFD} segment whose fd
     * is set); returns the revents, or 0 on timeout or EINTR (the caller re-checks its deadline).
     */
    public static int poll(MemorySegment pollfd, int fd, short events, int timeoutMillis) throws SysCallException {
        pollfd.set(JAVA_INT, 0, fd);
        pollfd.set(JAVA_SHORT, 4, events);
        pollfd.set(JAVA_SHORT, 6, (short) 0);
        int rc;
        try {
            rc = (int) Poll.HANDLE.invokeExact(NativeCalls.captureState(), pollfd, 1L, timeoutMillis);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("poll", t);
        }
        if (rc < 0) {
            int errno = NativeCalls.lastErrno();
            if (errno == Errno.EINTR) {
                return 0;
            }
            throw new SysCallException("poll", errno);
        }
        return rc == 0 ? 0 : pollfd.get(JAVA_SHORT, 6) & 0xffff;
    }

    /** Non-blocking {@code recv}: bytes read, 0 at end of stream, or {@code -errno}. */
    public static long recvRaw(int fd, MemorySegment buffer, long length) {
        try {
            long n = (long) Recv.HANDLE.invokeExact(NativeCalls.captureState(), fd, buffer, length, MSG_DONTWAIT);
            return n < 0 ? -NativeCalls.lastErrno() : n;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("recv", t);
        }
    }

    /** Non-blocking {@code send} that never raises SIGPIPE: bytes sent or {@code -errno}. */
    public static long sendRaw(int fd, MemorySegment buffer, long length) {
        try {
            long n = (long) Send.HANDLE.invokeExact(
                    NativeCalls.captureState(), fd, buffer, length, MSG_DONTWAIT | MSG_NOSIGNAL);
            return n < 0 ? -NativeCalls.lastErrno() : n;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("send", t);
        }
    }

    /**
     * {@code sendmsg} of {@code length} bytes with {@code fds} attached as one SCM_RIGHTS message; bytes sent or
     * {@code -errno}. The descriptors travel with the first byte, so a short send still delivered them.
     */
    public static long sendWithFdsRaw(int fd, MemorySegment buffer, long length, int[] fds) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iov = arena.allocate(IOVEC);
            iov.set(ADDRESS, 0, buffer);
            iov.set(JAVA_LONG, 8, length);
            long space = cmsgSpace(fds.length);
            MemorySegment control = arena.allocate(space, 8);
            control.set(JAVA_LONG, 0, CMSG_HEADER + 4L * fds.length);
            control.set(JAVA_INT, 8, SOL_SOCKET);
            control.set(JAVA_INT, 12, SCM_RIGHTS);
            for (int i = 0; i < fds.length; i++) {
                control.set(JAVA_INT, CMSG_HEADER + 4L * i, fds[i]);
            }
            MemorySegment msg = arena.allocate(MSGHDR);
            msg.set(ADDRESS, 16, iov);
            msg.set(JAVA_LONG, 24, 1L);
            msg.set(ADDRESS, 32, control);
            msg.set(JAVA_LONG, 40, space);
            long n =
                    (long) Sendmsg.HANDLE.invokeExact(NativeCalls.captureState(), fd, msg, MSG_DONTWAIT | MSG_NOSIGNAL);
            return n < 0 ? -NativeCalls.lastErrno() : n;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("sendmsg", t);
        }
    }

    /** What {@link #recvWithFdsRaw} got: bytes read (0 at end of stream, {@code -errno} on failure) and fds. */
    @SuppressWarnings("ArrayRecordComponent") // a transfer object handed straight on: equality is never asked
    public record Received(long bytes, int[] fds, boolean fdsTruncated) {}

    /** Non-blocking {@code recvmsg} that accepts up to {@code maxFds} descriptors, made close-on-exec. */
    public static Received recvWithFdsRaw(int fd, MemorySegment buffer, long length, int maxFds) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iov = arena.allocate(IOVEC);
            iov.set(ADDRESS, 0, buffer);
            iov.set(JAVA_LONG, 8, length);
            long space = cmsgSpace(maxFds);
            MemorySegment control = arena.allocate(space, 8);
            MemorySegment msg = arena.allocate(MSGHDR);
            msg.set(ADDRESS, 16, iov);
            msg.set(JAVA_LONG, 24, 1L);
            msg.set(ADDRESS, 32, control);
            msg.set(JAVA_LONG, 40, space);
            long n = (long)
                    Recvmsg.HANDLE.invokeExact(NativeCalls.captureState(), fd, msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
            if (n < 0) {
                return new Received(-NativeCalls.lastErrno(), new int[0], false);
            }
            long controlLength = msg.get(JAVA_LONG, 40);
            boolean truncated = (msg.get(JAVA_INT, 48) & MSG_CTRUNC) != 0;
            int[] fds = new int[0];
            long offset = 0;
            while (offset + CMSG_HEADER <= controlLength) {
                long cmsgLength = control.get(JAVA_LONG, offset);
                if (cmsgLength < CMSG_HEADER) {
                    break;
                }
                if (control.get(JAVA_INT, offset + 8) == SOL_SOCKET
                        && control.get(JAVA_INT, offset + 12) == SCM_RIGHTS) {
                    int count = (int) ((cmsgLength - CMSG_HEADER) / 4);
                    int[] more = new int[fds.length + count];
                    System.arraycopy(fds, 0, more, 0, fds.length);
                    for (int i = 0; i < count; i++) {
                        more[fds.length + i] = control.get(JAVA_INT, offset + CMSG_HEADER + 4L * i);
                    }
                    fds = more;
                }
                offset += (cmsgLength + 7) & ~7L;
            }
            return new Received(n, fds, truncated);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("recvmsg", t);
        }
    }

    /** The pending error of a socket (SO_ERROR), 0 when none: how a non-blocking connect reports its outcome. */
    public static int socketError(int fd) throws SysCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            MemorySegment length = arena.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, 4);
            int rc = (int)
                    Getsockopt.HANDLE.invokeExact(NativeCalls.captureState(), fd, SOL_SOCKET, SO_ERROR, value, length);
            if (rc < 0) {
                throw new SysCallException("getsockopt(SO_ERROR)", NativeCalls.lastErrno());
            }
            return value.get(JAVA_INT, 0);
        } catch (SysCallException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("getsockopt", t);
        }
    }

    /** The peer's {@code pid, uid, gid} as the kernel recorded them at connect time (SO_PEERCRED). */
    public static int[] peerCredentials(int fd) throws SysCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cred = arena.allocate(UCRED);
            MemorySegment length = arena.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, (int) UCRED.byteSize());
            int rc = (int) Getsockopt.HANDLE.invokeExact(
                    NativeCalls.captureState(), fd, SOL_SOCKET, SO_PEERCRED, cred, length);
            if (rc < 0) {
                throw new SysCallException("getsockopt(SO_PEERCRED)", NativeCalls.lastErrno());
            }
            return new int[] {cred.get(JAVA_INT, 0), cred.get(JAVA_INT, 4), cred.get(JAVA_INT, 8)};
        } catch (SysCallException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("getsockopt", t);
        }
    }

    /**
     * {@code shutdown(fd, SHUT_RDWR)}, ignoring ENOTCONN: it wakes any thread polling the socket, which makes
     * closing safe while another thread waits on it.
     */
    public static void shutdown(int fd) {
        try {
            int rc = (int) Shutdown.HANDLE.invokeExact(NativeCalls.captureState(), fd, SHUT_RDWR);
            if (rc < 0) {
                NativeCalls.lastErrno(); // ENOTCONN on a listening or already-reset socket is fine
            }
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("shutdown", t);
        }
    }

    private static long cmsgSpace(int fds) {
        return CMSG_HEADER + ((4L * fds + 7) & ~7L);
    }

    private static MemorySegment sockaddr(Arena arena, byte[] path) {
        if (path.length >= SUN_PATH_SIZE) {
            throw new IllegalArgumentException("socket path of " + path.length + " bytes does not fit sun_path");
        }
        MemorySegment address = arena.allocate(SOCKADDR_UN_SIZE, 2);
        address.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(path, 0, address, JAVA_BYTE, 2, path.length);
        return address.asSlice(0, 2 + path.length + 1);
    }
}
