package io.kvmctl.web.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bridge's side towards QEMU, against the bytes QEMU's VNC server sends (ui/vnc.c). */
class RfbClientHandshakeTest {
    private static final byte[] CHALLENGE = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static ByteBuffer buf(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.flip();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    @Test
    void answersVncAuthenticationWithTheDesResponseAndFinishesOnSecurityResultOk() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        RfbClientHandshake h = new RfbClientHandshake(() -> {
            asked.incrementAndGet();
            return "secret";
        });
        assertArrayEquals(ascii("RFB 003.008\n"), h.receive(buf(ascii("RFB 003.008\n"))));
        assertArrayEquals(new byte[] {2}, h.receive(buf(new byte[] {1, 2})));
        assertEquals(0, asked.get(), "the password is asked for only with the challenge");
        assertArrayEquals(HexFormat.of().parseHex("752440ee2bfcc2a0d9013fd20371e23b"), h.receive(buf(CHALLENGE)));
        assertFalse(h.done());
        assertArrayEquals(new byte[0], h.receive(buf(u32(0))));
        assertTrue(h.done());
        assertTrue(h.usedPassword());
    }

    @Test
    void prefersNoneWhenOfferedAndNeverAsksForAPassword() throws Exception {
        RfbClientHandshake h = new RfbClientHandshake(() -> {
            throw new AssertionError("no password wanted");
        });
        byte[] reply = h.receive(buf(ascii("RFB 003.008\n"), new byte[] {2, 2, 1}, u32(0)));
        assertArrayEquals(buf(ascii("RFB 003.008\n"), new byte[] {1}).array(), reply);
        assertTrue(h.done());
        assertFalse(h.usedPassword());
    }

    @Test
    void acceptsMessagesSplitAnywhere() throws Exception {
        RfbClientHandshake h = new RfbClientHandshake(() -> "secret");
        byte[] all = buf(ascii("RFB 003.008\n"), new byte[] {1, 2}, CHALLENGE, u32(0))
                .array();
        ByteBuffer in = ByteBuffer.allocate(all.length);
        java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
        for (byte b : all) {
            in.put(b).flip();
            sent.writeBytes(h.receive(in));
            in.compact();
        }
        assertTrue(h.done());
        assertEquals(12 + 1 + 16, sent.size());
    }

    @Test
    void reportsQemusReasonForAFailedAuthentication() throws Exception {
        RfbClientHandshake h = new RfbClientHandshake(() -> "wrong");
        h.receive(buf(ascii("RFB 003.008\n"), new byte[] {1, 2}, CHALLENGE));
        RfbHandshakeException e = assertThrows(
                RfbHandshakeException.class, () -> h.receive(buf(u32(1), u32(21), ascii("Authentication failed"))));
        assertTrue(
                e.getMessage().endsWith("refused the password it was just given: Authentication failed"),
                e.getMessage());
    }

    @Test
    void reportsARefusalBeforeSecurity() throws Exception {
        RfbClientHandshake h = new RfbClientHandshake(() -> "x");
        h.receive(buf(ascii("RFB 003.008\n")));
        ByteBuffer partial = buf(new byte[] {0}, u32(8), ascii("too"));
        assertArrayEquals(new byte[0], h.receive(partial), "waits for the whole reason");
        assertEquals(8, partial.remaining(), "and consumes none of it meanwhile");
        RfbHandshakeException e = assertThrows(
                RfbHandshakeException.class, () -> h.receive(buf(new byte[] {0}, u32(8), ascii("too many"))));
        assertTrue(e.getMessage().endsWith("refused the connection: too many"), e.getMessage());
    }

    @Test
    void refusesTlsOrSaslOnly() throws Exception {
        RfbClientHandshake h = new RfbClientHandshake(() -> "x");
        h.receive(buf(ascii("RFB 003.008\n")));
        RfbHandshakeException e =
                assertThrows(RfbHandshakeException.class, () -> h.receive(buf(new byte[] {2, 19, 20})));
        assertTrue(e.getMessage().contains("only security types [19, 20]"), e.getMessage());
    }

    @Test
    void speaksRfb33WhereTheServerPicksTheType() throws Exception {
        RfbClientHandshake h = new RfbClientHandshake(() -> "secret");
        assertArrayEquals(ascii("RFB 003.003\n"), h.receive(buf(ascii("RFB 003.003\n"))));
        assertEquals(16, h.receive(buf(u32(2), CHALLENGE)).length);
        h.receive(buf(u32(0)));
        assertTrue(h.done());
    }
}
