package io.kvmctl.qmp;

import java.util.Arrays;

/**
 * Cuts a byte stream into top-level JSON objects. QEMU writes one object per line, but with {@code pretty=on} an
 * object spans lines, so framing follows braces (outside strings) rather than newlines. A message longer than
 * the limit fails before it is buffered in full, so a runaway peer cannot make us run out of memory. Pure: no IO.
 */
final class JsonFramer {
    /** Receives each complete message as bytes {@code [0, length)} of a buffer it must not keep. */
    interface Sink {
        void message(byte[] buffer, int length) throws QmpProtocolException;
    }

    private final int maxBytes;
    private byte[] buffer = new byte[8192];
    private int length;
    private int depth;
    private boolean inString;
    private boolean escaped;

    JsonFramer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    void feed(byte[] data, int off, int len, Sink sink) throws QmpProtocolException {
        for (int i = off; i < off + len; i++) {
            byte b = data[i];
            if (depth == 0) {
                if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                    continue;
                }
                if (b != '{') {
                    throw new QmpProtocolException(
                            "QEMU sent invalid QMP: expected '{' to start a message, got " + describe(b));
                }
            }
            append(b);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                if (depth == 0) {
                    sink.message(buffer, length);
                    length = 0;
                    if (buffer.length > 1 << 20) {
                        buffer = new byte[8192]; // do not keep a huge buffer after one big reply
                    }
                }
            }
        }
    }

    /** Bytes of an unfinished message held right now. */
    int pending() {
        return length;
    }

    private void append(byte b) throws QmpProtocolException {
        if (length == maxBytes) {
            throw new QmpProtocolException(
                    "QEMU sent a QMP message longer than the limit of " + maxBytes + " bytes; closing the connection");
        }
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, buffer.length * 2L));
        }
        buffer[length++] = b;
    }

    private static String describe(byte b) {
        int c = b & 0xff;
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
    }
}
