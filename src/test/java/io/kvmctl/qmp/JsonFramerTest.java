package io.kvmctl.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonFramerTest {
    private final List<String> messages = new ArrayList<>();
    private final JsonFramer.Sink sink = (b, n) -> messages.add(new String(b, 0, n, StandardCharsets.UTF_8));

    @Test
    void splitsMessagesFedByteByByte() throws Exception {
        JsonFramer framer = new JsonFramer(1024);
        byte[] data = "{\"a\": 1}\r\n{\"b\": [{}]}\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : data) {
            framer.feed(new byte[] {b}, 0, 1, sink);
        }
        assertEquals(List.of("{\"a\": 1}", "{\"b\": [{}]}"), messages);
        assertEquals(0, framer.pending());
    }

    @Test
    void bracesAndEscapedQuotesInsideStringsDoNotEndAMessage() throws Exception {
        JsonFramer framer = new JsonFramer(1024);
        byte[] data = "{\"s\": \"} \\\" {\"}{\"t\": \"\\\\\"}".getBytes(StandardCharsets.UTF_8);
        framer.feed(data, 0, data.length, sink);
        assertEquals(List.of("{\"s\": \"} \\\" {\"}", "{\"t\": \"\\\\\"}"), messages);
    }

    @Test
    void messageOverTheLimitFailsBeforeItIsBuffered() {
        JsonFramer framer = new JsonFramer(100);
        byte[] data = ("{\"x\": \"" + "a".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
        QmpProtocolException e =
                assertThrows(QmpProtocolException.class, () -> framer.feed(data, 0, data.length, sink));
        assertEquals(
                "QEMU sent a QMP message longer than the limit of 100 bytes; closing the connection", e.getMessage());
        assertEquals(100, framer.pending());
    }

    @Test
    void messageExactlyAtTheLimitPasses() throws Exception {
        String message = "{\"x\": \"" + "a".repeat(100 - 9) + "\"}";
        assertEquals(100, message.length());
        JsonFramer framer = new JsonFramer(100);
        byte[] data = message.getBytes(StandardCharsets.UTF_8);
        framer.feed(data, 0, data.length, sink);
        assertEquals(List.of(message), messages);
    }
}
