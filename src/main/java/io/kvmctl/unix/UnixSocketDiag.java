package io.kvmctl.unix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's table of AF_UNIX sockets as {@code sock_diag} gives it ({@code ss -x} reads the same): each socket's
 * inode, state, the file it is bound to, and the inode of its connected peer. {@code /proc/net/unix} lists the
 * sockets too, but not their peers, and a socket bound through {@code /proc/self/fd/N/NAME} (a long path) appears
 * there under that alias, so a socket file is matched here by its device and inode instead.
 *
 * <p>Pure: {@link #request()} builds the bytes to send, {@link #parse(List)} reads the kernel's answer; the one
 * call that talks to the kernel is {@code io.kvmctl.sys.NetlinkDump}.
 */
final class UnixSocketDiag {
    static final int TCP_ESTABLISHED = 1;
    static final int TCP_LISTEN = 10;

    private static final int AF_UNIX = 1;
    private static final short SOCK_DIAG_BY_FAMILY = 20;
    private static final short NLMSG_ERROR = 2;
    private static final short NLMSG_DONE = 3;
    private static final short NLM_F_REQUEST = 0x1;
    private static final short NLM_F_DUMP = 0x300;
    private static final int UDIAG_SHOW_VFS = 0x2;
    private static final int UDIAG_SHOW_PEER = 0x4;
    private static final int UNIX_DIAG_VFS = 1;
    private static final int UNIX_DIAG_PEER = 2;
    private static final int NLMSG_HEADER = 16;
    private static final int UNIX_DIAG_MSG = 16;

    /**
     * One socket.
     *
     * @param vfsDevice the kernel's {@code s_dev} of the bound file's file system ({@code MAJOR << 20 | MINOR}), 0
     *     when not bound to a file
     * @param peerInode the inode of the connected peer, 0 when not connected
     */
    record Entry(long inode, int state, long vfsInode, long vfsDevice, long peerInode) {
        boolean boundTo(long fileInode, long kernelDevice) {
            return vfsInode == fileInode && vfsDevice == kernelDevice && fileInode != 0;
        }
    }

    private UnixSocketDiag() {}

    /**
     * {@snippet lang=c :
     * struct nlmsghdr { __u32 nlmsg_len; __u16 nlmsg_type; __u16 nlmsg_flags; __u32 nlmsg_seq; __u32 nlmsg_pid; };
     * struct unix_diag_req {
     *     __u8 sdiag_family; __u8 sdiag_protocol; __u16 pad; __u32 udiag_states; __u32 udiag_ino;
     *     __u32 udiag_show; __u32 udiag_cookie[2];
     * };
     * }
     * All states, with each socket's bound file and peer.
     */
    static byte[] request() {
        ByteBuffer b = ByteBuffer.allocate(NLMSG_HEADER + 24).order(ByteOrder.nativeOrder());
        b.putInt(NLMSG_HEADER + 24).putShort(SOCK_DIAG_BY_FAMILY).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP));
        b.putInt(1).putInt(0);
        b.put((byte) AF_UNIX).put((byte) 0).putShort((short) 0).putInt(-1).putInt(0);
        b.putInt(UDIAG_SHOW_VFS | UDIAG_SHOW_PEER).putInt(-1).putInt(-1);
        return b.array();
    }

    /** Whether {@code datagram} ends the dump (it holds NLMSG_DONE or an error). */
    static boolean endsDump(byte[] datagram) {
        ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        for (int at = 0; at + NLMSG_HEADER <= b.limit(); ) {
            int length = b.getInt(at);
            short type = b.getShort(at + 4);
            if (type == NLMSG_DONE || type == NLMSG_ERROR) {
                return true;
            }
            if (length < NLMSG_HEADER) {
                return true; // malformed: stop reading rather than loop
            }
            at += align(length);
        }
        return false;
    }

    /**
     * The sockets in the kernel's reply.
     *
     * {@snippet lang=c :
     * struct unix_diag_msg {
     *     __u8 udiag_family; __u8 udiag_type; __u8 udiag_state; __u8 pad; __u32 udiag_ino; __u32 udiag_cookie[2];
     * };
     * struct unix_diag_vfs { __u32 udiag_vfs_ino; __u32 udiag_vfs_dev; };   // attribute UNIX_DIAG_VFS
     * // attribute UNIX_DIAG_PEER: __u32, the peer's inode
     * }
     *
     * @throws IllegalArgumentException when the kernel answered with an error (e.g. no unix_diag module)
     */
    static List<Entry> parse(List<byte[]> datagrams) {
        List<Entry> entries = new ArrayList<>();
        for (byte[] datagram : datagrams) {
            ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
            for (int at = 0; at + NLMSG_HEADER <= b.limit(); ) {
                int length = b.getInt(at);
                short type = b.getShort(at + 4);
                if (length < NLMSG_HEADER || at + length > b.limit()) {
                    throw new IllegalArgumentException("malformed netlink message at byte " + at);
                }
                if (type == NLMSG_DONE) {
                    return entries;
                }
                if (type == NLMSG_ERROR) {
                    int errno = -b.getInt(at + NLMSG_HEADER);
                    throw new IllegalArgumentException("the kernel refused the unix socket dump (errno " + errno + ")");
                }
                if (type == SOCK_DIAG_BY_FAMILY && length >= NLMSG_HEADER + UNIX_DIAG_MSG) {
                    entries.add(entry(b, at + NLMSG_HEADER, at + length));
                }
                at += align(length);
            }
        }
        return entries;
    }

    private static Entry entry(ByteBuffer b, int start, int end) {
        int state = Byte.toUnsignedInt(b.get(start + 2));
        long inode = Integer.toUnsignedLong(b.getInt(start + 4));
        long vfsInode = 0;
        long vfsDevice = 0;
        long peer = 0;
        for (int at = start + UNIX_DIAG_MSG; at + 4 <= end; ) {
            int length = Short.toUnsignedInt(b.getShort(at));
            int type = Short.toUnsignedInt(b.getShort(at + 2));
            if (length < 4 || at + length > end) {
                break;
            }
            if (type == UNIX_DIAG_VFS && length >= 12) {
                vfsInode = Integer.toUnsignedLong(b.getInt(at + 4));
                vfsDevice = Integer.toUnsignedLong(b.getInt(at + 8));
            } else if (type == UNIX_DIAG_PEER && length >= 8) {
                peer = Integer.toUnsignedLong(b.getInt(at + 4));
            }
            at += align(length);
        }
        return new Entry(inode, state, vfsInode, vfsDevice, peer);
    }

    /** {@code stat}'s {@code st_dev} (glibc's encoding) as the kernel's {@code s_dev} ({@code MAJOR << 20 | MINOR}). */
    static long kernelDevice(long statDevice) {
        long major = ((statDevice >>> 8) & 0xfff) | ((statDevice >>> 32) & ~0xfffL);
        long minor = (statDevice & 0xff) | ((statDevice >>> 12) & ~0xffL);
        return (major << 20) | minor;
    }

    private static int align(int length) {
        return (length + 3) & ~3;
    }
}
