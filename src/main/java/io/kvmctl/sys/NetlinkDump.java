package io.kvmctl.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One netlink request answered by a dump from the kernel ({@code NLM_F_DUMP}), as {@code ss} asks for sockets.
 * The request and the replies are bytes here: building and reading them is pure code elsewhere
 * ({@code io.kvmctl.unix.UnixSocketDiag}), tested without a kernel.
 */
public final class NetlinkDump {
    public static final int AF_NETLINK = 16;
    public static final int NETLINK_SOCK_DIAG = 4;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int RECEIVE_BUFFER = 64 * 1024;
    /** A dump larger than this (thousands of sockets) is cut short rather than read forever. */
    private static final int MAX_DATAGRAMS = 10_000;

    private static final MethodHandle SOCKET =
            NativeCalls.withErrno("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SEND =
            NativeCalls.withErrno("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV =
            NativeCalls.withErrno("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private NetlinkDump() {}

    /**
     * Sends {@code request} to the kernel on a new netlink socket of {@code protocol} and returns the reply
     * datagrams, up to and including the one {@code last} accepts (the one holding {@code NLMSG_DONE} or an error).
     */
    public static List<byte[]> run(int protocol, byte[] request, Predicate<byte[]> last) throws SysCallException {
        int fd = socket(protocol);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(request.length);
            MemorySegment.copy(request, 0, out, JAVA_BYTE, 0, request.length);
            long sent;
            try {
                sent = (long) SEND.invokeExact(NativeCalls.captureState(), fd, out, (long) request.length, 0);
            } catch (Throwable t) {
                throw NativeCalls.linkFailure("send", t);
            }
            if (sent < 0) {
                throw new SysCallException("send(netlink)", NativeCalls.lastErrno());
            }
            MemorySegment in = arena.allocate(RECEIVE_BUFFER);
            List<byte[]> replies = new ArrayList<>();
            while (replies.size() < MAX_DATAGRAMS) {
                long n;
                try {
                    // Blocking: the kernel answers a dump at once, from its own tables.
                    n = (long) RECV.invokeExact(NativeCalls.captureState(), fd, in, (long) RECEIVE_BUFFER, 0);
                } catch (Throwable t) {
                    throw NativeCalls.linkFailure("recv", t);
                }
                if (n < 0) {
                    int errno = NativeCalls.lastErrno();
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    throw new SysCallException("recv(netlink)", errno);
                }
                byte[] datagram = in.asSlice(0, n).toArray(JAVA_BYTE);
                replies.add(datagram);
                if (n == 0 || last.test(datagram)) {
                    break;
                }
            }
            return replies;
        } finally {
            Libc.close(fd);
        }
    }

    private static int socket(int protocol) throws SysCallException {
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(NativeCalls.captureState(), AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("socket", t);
        }
        if (fd < 0) {
            throw new SysCallException("socket(AF_NETLINK, " + protocol + ")", NativeCalls.lastErrno());
        }
        return fd;
    }
}
