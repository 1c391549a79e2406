package io.kvmctl.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** One browser WebSocket: Jetty's listener, handing messages to the bridge that {@link Opener} makes on open. */
final class SocketEndpoint implements Session.Listener.AutoDemanding {
    /** Makes the bridge once the WebSocket is open. */
    interface Opener {
        WebSocketBridge open(WebSocketPeer peer) throws IOException;
    }

    private final Opener opener;
    private volatile WebSocketBridge bridge;
    private boolean closed;

    SocketEndpoint(Opener opener) {
        this.opener = opener;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        JettyPeer peer = new JettyPeer(session);
        // Off Jetty's thread: a bridge may connect to QEMU and send its scrollback, which blocks on backpressure.
        Thread.ofVirtual().name("kvmctl-web-open").start(() -> {
            try {
                WebSocketBridge opened = opener.open(peer);
                synchronized (this) {
                    bridge = opened;
                    if (!closed) {
                        return;
                    }
                }
                opened.onClose(); // the browser left while the bridge was being opened
            } catch (IOException | RuntimeException e) {
                try {
                    peer.sendText(WebJson.error(String.valueOf(e.getMessage())));
                } catch (IOException gone) {
                    // the browser left already
                }
                peer.close(1011, "cannot open");
            }
        });
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        WebSocketBridge b = bridge;
        if (b != null) {
            b.onBinary(payload);
        }
        callback.succeed();
    }

    @Override
    public void onWebSocketText(String message) {
        WebSocketBridge b = bridge;
        if (b != null) {
            b.onText(message);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeBridge();
        callback.succeed();
    }

    private void closeBridge() {
        WebSocketBridge b;
        synchronized (this) {
            b = bridge;
            if (closed || b == null) {
                closed = true;
                return;
            }
            closed = true;
        }
        b.onClose();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closeBridge();
    }

    /** A feed's socket: the browser only listens; closing it stops the watcher. */
    static WebSocketBridge feed(Fanout.Watcher watcher) {
        return new WebSocketBridge() {
            @Override
            public void onBinary(ByteBuffer data) {}

            @Override
            public void onText(String text) {}

            @Override
            public void onClose() {
                watcher.stop();
            }
        };
    }
}
