package io.kvmctl.web.console;

import io.kvmctl.web.WebSocketPeer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A browser's end of a WebSocket for the bridges' tests: records what a bridge sends and lets a test wait for it. */
final class RecordingPeer implements WebSocketPeer {
    /** One message as sent: binary (bytes) or text. */
    record Message(boolean binary, ByteBuffer bytes, String text) {
        byte[] data() {
            byte[] b = new byte[bytes.remaining()];
            bytes.duplicate().get(b);
            return b;
        }
    }

    private final List<Message> messages = new ArrayList<>();
    private final ByteArrayOutputStream binaryStream = new ByteArrayOutputStream();
    private int closeStatus = -1;
    private String closeReason;

    @Override
    public synchronized void sendBinary(ByteBuffer data) throws IOException {
        if (closeStatus >= 0) {
            throw new IOException("the WebSocket is closed");
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        messages.add(new Message(true, ByteBuffer.wrap(copy).asReadOnlyBuffer(), null));
        binaryStream.writeBytes(copy);
        notifyAll();
    }

    @Override
    public synchronized void sendText(String text) throws IOException {
        if (closeStatus >= 0) {
            throw new IOException("the WebSocket is closed");
        }
        messages.add(new Message(false, ByteBuffer.allocate(0), text));
        notifyAll();
    }

    @Override
    public synchronized void close(int statusCode, String reason) {
        if (closeStatus < 0) {
            closeStatus = statusCode;
            closeReason = reason;
        }
        notifyAll();
    }

    synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Every binary message's bytes, one after another. */
    synchronized byte[] binary() {
        return binaryStream.toByteArray();
    }

    /** The binary stream as text (ISO-8859-1: one char per byte, so offsets match). */
    String binaryText() {
        return new String(binary(), StandardCharsets.ISO_8859_1);
    }

    synchronized List<String> texts() {
        return messages.stream().filter(m -> !m.binary()).map(Message::text).toList();
    }

    synchronized int closeStatus() {
        return closeStatus;
    }

    synchronized String closeReason() {
        return closeReason;
    }

    /** Waits until {@code condition} holds for this peer; fails with what was received when it does not in time. */
    synchronized void await(String what, Predicate<RecordingPeer> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                String tail = binaryText();
                throw new AssertionError("no " + what + " within " + timeout.toSeconds() + " s; texts " + texts()
                        + ", close " + closeStatus + ", binary tail: "
                        + tail.substring(Math.max(0, tail.length() - 400)));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
