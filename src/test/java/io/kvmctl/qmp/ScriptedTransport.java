package io.kvmctl.qmp;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An in-memory {@link QmpTransport} whose far end is a script: each command the client writes is handed to
 * {@code onCommand} (on the writing thread), which answers by queueing bytes with {@link #send} or ends the
 * stream with {@link #endOfStream}. No socket, no thread of its own, so a fuzz run costs microseconds.
 */
final class ScriptedTransport implements QmpTransport {
    private static final byte[] EOF = new byte[0];

    private final LinkedBlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    private volatile Consumer<JsonNode> onCommand = command -> {};
    private volatile boolean closed;
    private byte[] current;
    private int position;

    void onCommand(Consumer<JsonNode> script) {
        this.onCommand = script;
    }

    void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) {
        if (bytes.length > 0) {
            toClient.add(bytes.clone());
        }
    }

    /** QEMU closed its end: the client reads what was queued, then end of stream. */
    void endOfStream() {
        toClient.add(EOF);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        if (current == null || position == current.length) {
            byte[] next;
            try {
                next = toClient.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted in read");
            }
            if (next == null) {
                throw new SocketTimeoutException("no data within " + timeout);
            }
            if (next == EOF) {
                toClient.add(EOF); // stays at end of stream, as a socket does
                if (closed) {
                    throw new IOException("transport closed");
                }
                return -1;
            }
            current = next;
            position = 0;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, buf, off, n);
        position += n;
        return n;
    }

    @Override
    public void write(byte[] buf, int off, int len, Duration timeout) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        JsonNode command;
        try {
            command = Json.MAPPER.readTree(new String(buf, off, len, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new AssertionError(
                    "the client wrote invalid JSON: " + new String(buf, off, len, StandardCharsets.UTF_8), e);
        }
        onCommand.accept(command);
    }

    @Override
    public void sendWithFds(byte[] data, Duration timeout, int... fds) throws IOException {
        write(data, 0, data.length, timeout);
    }

    @Override
    public String describe() {
        return "scripted transport";
    }

    /** Wakes a blocked reader, as closing a socket does. */
    @Override
    public void close() {
        closed = true;
        toClient.add(EOF);
    }
}
