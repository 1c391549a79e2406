package io.kvmctl.qmp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * What a hostile or broken QEMU can send, as raw bytes into the framer and the message decoder: the only
 * exception that may come out is {@link QmpProtocolException} (the documented "not valid QMP" failure, which
 * ends the connection); anything else would escape the reader thread undocumented. The same bytes are fed whole,
 * a byte at a time and in 7-byte reads: how the socket cuts the stream must not change what is decoded. Seeds:
 * real QEMU 7.2 and 10.0 greetings, replies and events under {@code QmpCodecFuzzTestInputs}.
 */
class QmpCodecFuzzTest {
    /** Small, so the fuzzer reaches the "message too long" path with short inputs. */
    private static final int MAX_MESSAGE_BYTES = 2048;

    @FuzzTest
    void decoderThrowsOnlyProtocolExceptions(byte[] stream) {
        List<String> whole = decode(stream, Math.max(1, stream.length));
        List<String> bytewise = decode(stream, 1);
        List<String> sevens = decode(stream, 7);
        if (!whole.equals(bytewise) || !whole.equals(sevens)) {
            throw new AssertionError("decoding depends on read boundaries:\nwhole:   " + whole + "\nbytewise: "
                    + bytewise + "\n7-byte:  " + sevens);
        }
    }

    /** What the stream decodes to, read {@code chunk} bytes at a time; a protocol failure ends the list. */
    private static List<String> decode(byte[] stream, int chunk) {
        List<String> out = new ArrayList<>();
        JsonFramer framer = new JsonFramer(MAX_MESSAGE_BYTES);
        try {
            for (int off = 0; off < stream.length; off += chunk) {
                framer.feed(
                        stream,
                        off,
                        Math.min(chunk, stream.length - off),
                        (bytes, length) -> out.add(describe(QmpMessage.parse(Json.MAPPER, bytes, length))));
            }
        } catch (QmpProtocolException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a protocol failure must say what was wrong", e);
            }
            out.add("protocol failure");
        }
        return out;
    }

    /** Touches every field a client reads, as the client does (timestamps of events may be "now": left out). */
    private static String describe(QmpMessage m) {
        return switch (m) {
            case QmpMessage.Greeting g ->
                "greeting " + g.greeting().version() + " " + g.greeting().capabilities();
            case QmpMessage.Return r -> "return " + r.id() + " " + r.value();
            case QmpMessage.Error e -> "error " + e.id() + " " + e.errorClass() + " " + e.description();
            // The timestamp must be readable, but is not compared: a missing or unusable one falls back to the
            // arrival time, which differs between the read patterns.
            case QmpMessage.Event e ->
                "event " + e.event().name() + " " + e.event().data()
                        + (e.event().timestamp() == null ? " ?" : "");
            case QmpMessage.Unknown u -> "unknown " + u.json();
        };
    }
}
