package io.kvmctl.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnixSocketDiagTest {
    /** One SOCK_DIAG_BY_FAMILY message as the kernel writes it, with optional VFS and PEER attributes. */
    private static byte[] socketMessage(int state, int inode, int vfsInode, int vfsDev, int peer) {
        int attrs = (vfsInode != 0 ? 12 : 0) + (peer != 0 ? 8 : 0);
        ByteBuffer b = ByteBuffer.allocate(16 + 16 + attrs).order(ByteOrder.nativeOrder());
        b.putInt(16 + 16 + attrs)
                .putShort((short) 20)
                .putShort((short) 2)
                .putInt(1)
                .putInt(0);
        b.put((byte) 1)
                .put((byte) 1)
                .put((byte) state)
                .put((byte) 0)
                .putInt(inode)
                .putInt(7)
                .putInt(0);
        if (vfsInode != 0) {
            b.putShort((short) 12).putShort((short) 1).putInt(vfsInode).putInt(vfsDev);
        }
        if (peer != 0) {
            b.putShort((short) 8).putShort((short) 2).putInt(peer);
        }
        return b.array();
    }

    private static byte[] done() {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
        b.putInt(20).putShort((short) 3).putShort((short) 2).putInt(1).putInt(0).putInt(0);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(
                java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    @Test
    void requestAsksForEveryUnixSocketWithItsFileAndPeer() {
        ByteBuffer b = ByteBuffer.wrap(UnixSocketDiag.request()).order(ByteOrder.nativeOrder());
        assertEquals(40, b.getInt(0));
        assertEquals(20, b.getShort(4)); // SOCK_DIAG_BY_FAMILY
        assertEquals(0x301, b.getShort(6)); // NLM_F_REQUEST | NLM_F_DUMP
        assertEquals(1, b.get(16)); // AF_UNIX
        assertEquals(-1, b.getInt(20)); // every state
        assertEquals(0x6, b.getInt(28)); // UDIAG_SHOW_VFS | UDIAG_SHOW_PEER
    }

    @Test
    void readsInodeStateBoundFileAndPeerOfEachSocket() {
        byte[] datagram = concat(
                socketMessage(10, 500, 9001, 0x1a, 0), // the listener
                socketMessage(1, 501, 9001, 0x1a, 777), // an accepted connection
                socketMessage(1, 777, 0, 0, 501)); // the client's end, not bound to a file
        List<UnixSocketDiag.Entry> entries = UnixSocketDiag.parse(List.of(datagram, done()));
        assertEquals(
                List.of(
                        new UnixSocketDiag.Entry(500, 10, 9001, 0x1a, 0),
                        new UnixSocketDiag.Entry(501, 1, 9001, 0x1a, 777),
                        new UnixSocketDiag.Entry(777, 1, 0, 0, 501)),
                entries);
    }

    @Test
    void theDumpEndsAtNlmsgDoneAndNotBefore() {
        assertFalse(UnixSocketDiag.endsDump(socketMessage(1, 1, 0, 0, 0)));
        assertTrue(UnixSocketDiag.endsDump(concat(socketMessage(1, 1, 0, 0, 0), done())));
    }

    @Test
    void aKernelErrorIsReportedWithItsErrno() {
        ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.nativeOrder());
        b.putInt(36).putShort((short) 2).putShort((short) 0).putInt(1).putInt(0).putInt(-2);
        var e = assertThrows(IllegalArgumentException.class, () -> UnixSocketDiag.parse(List.of(b.array())));
        assertTrue(e.getMessage().contains("errno 2"), e.getMessage());
    }

    @Test
    void aTruncatedMessageIsRefusedRatherThanMisread() {
        byte[] whole = socketMessage(1, 501, 9001, 0x1a, 777);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 4);
        assertThrows(IllegalArgumentException.class, () -> UnixSocketDiag.parse(List.of(cut)));
    }

    @Test
    void statDeviceNumbersBecomeTheKernelsEncoding() {
        assertEquals(0x1a, UnixSocketDiag.kernelDevice(0x1a)); // tmpfs: major 0
        assertEquals((8L << 20) | 1, UnixSocketDiag.kernelDevice(0x801)); // sda1: 8:1
        assertEquals((259L << 20) | 0x12345, UnixSocketDiag.kernelDevice(makedev(259, 0x12345)));
    }

    /** glibc's makedev, for the test's fixture. */
    private static long makedev(long major, long minor) {
        return ((major & 0xfff) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xff) | ((minor & ~0xffL) << 12);
    }
}
