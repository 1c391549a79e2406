package io.kvmctl.web.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RfbServerHandshakeTest {
    private static ByteBuffer bytes(String ascii, int... more) {
        byte[] a = ascii.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(a.length + more.length).put(a);
        for (int m : more) {
            b.put((byte) m);
        }
        return b.flip();
    }

    @Test
    void greetsWithRfb38() {
        assertArrayEquals("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII), RfbServerHandshake.greeting());
    }

    @Test
    void offersNoneAndConfirmsItThenLeavesClientInitInTheBuffer() throws Exception {
        RfbServerHandshake h = new RfbServerHandshake();
        assertArrayEquals(new byte[] {1, 1}, h.receive(bytes("RFB 003.008\n")));
        assertFalse(h.done());
        ByteBuffer choiceAndClientInit = bytes("", 1, 1); // security None, then ClientInit shared-flag 1
        assertArrayEquals(new byte[] {0, 0, 0, 0}, h.receive(choiceAndClientInit));
        assertTrue(h.done());
        assertEquals(1, choiceAndClientInit.remaining());
        assertEquals(1, choiceAndClientInit.get());
    }

    @Test
    void waitsForAWholeVersionMessage() throws Exception {
        RfbServerHandshake h = new RfbServerHandshake();
        ByteBuffer part = bytes("RFB 003");
        assertArrayEquals(new byte[0], h.receive(part));
        assertEquals(7, part.remaining(), "nothing consumed until the 12 bytes are there");
    }

    @Test
    void speaksRfb37WithoutASecurityResultAfterNone() throws Exception {
        RfbServerHandshake h = new RfbServerHandshake();
        assertArrayEquals(new byte[] {1, 1}, h.receive(bytes("RFB 003.007\n")));
        assertArrayEquals(new byte[0], h.receive(bytes("", 1)), "no SecurityResult after None in 3.7");
        assertTrue(h.done());
    }

    @Test
    void tellsAnRfb33ClientItsTypeIsNone() throws Exception {
        RfbServerHandshake h = new RfbServerHandshake();
        assertArrayEquals(new byte[] {0, 0, 0, 1}, h.receive(bytes("RFB 003.003\n")));
        assertTrue(h.done());
    }

    @Test
    void refusesATypeNotOfferedWithAReason() throws Exception {
        RfbServerHandshake h = new RfbServerHandshake();
        h.receive(bytes("RFB 003.008\n"));
        RfbHandshakeException e = assertThrows(RfbHandshakeException.class, () -> h.receive(bytes("", 2)));
        ByteBuffer farewell = ByteBuffer.wrap(e.farewell());
        assertEquals(1, farewell.getInt(), "SecurityResult failed");
        byte[] reason = new byte[farewell.getInt()];
        farewell.get(reason);
        assertTrue(new String(reason, StandardCharsets.UTF_8).contains("security type 2 was not offered"));
    }

    @Test
    void refusesAPeerThatSpeaksNoRfb() {
        RfbHandshakeException e = assertThrows(
                RfbHandshakeException.class, () -> new RfbServerHandshake().receive(bytes("GET / HTTP/1.")));
        assertTrue(e.getMessage().contains("the browser does not speak RFB"), e.getMessage());
    }
}
