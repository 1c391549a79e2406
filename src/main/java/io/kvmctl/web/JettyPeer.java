package io.kvmctl.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A Jetty WebSocket session as a {@link WebSocketPeer}. Each send blocks its (virtual) thread until Jetty has
 * written the frame: that wait is the backpressure, so a slow browser slows its own bridge and nothing piles up in
 * memory. One send at a time: frames from two threads must not interleave.
 */
final class JettyPeer implements WebSocketPeer {
    private final Session session;

    JettyPeer(Session session) {
        this.session = session;
    }

    @Override
    public synchronized void sendBinary(ByteBuffer data) throws IOException {
        CompletableFuture<Void> written = new CompletableFuture<>();
        session.sendBinary(data, callback(written));
        await(written);
    }

    @Override
    public synchronized void sendText(String text) throws IOException {
        CompletableFuture<Void> written = new CompletableFuture<>();
        session.sendText(text, callback(written));
        await(written);
    }

    @Override
    public void close(int statusCode, String reason) {
        session.close(statusCode, reason, Callback.NOOP);
    }

    private static Callback callback(CompletableFuture<Void> written) {
        return Callback.from(() -> written.complete(null), written::completeExceptionally);
    }

    private static void await(CompletableFuture<Void> written) throws IOException {
        try {
            written.get();
        } catch (ExecutionException e) {
            throw new IOException(
                    "the browser's WebSocket closed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while sending to the browser");
        }
    }
}
