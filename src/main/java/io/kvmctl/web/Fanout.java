package io.kvmctl.web;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Text messages to every WebSocket that watches one feed. Each watcher has its own queue and its own (virtual)
 * sending thread, so a slow browser waits on its own socket's backpressure and never holds up the feed or the
 * others; a watcher more than {@link #CAPACITY} messages behind loses the oldest.
 */
final class Fanout {
    static final int CAPACITY = 256;
    private static final String CLOSE = new String("close"); // identity marks the end of a queue

    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();

    /** One browser's end. */
    final class Watcher {
        private final WebSocketPeer peer;
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
        private volatile int closeCode;
        private volatile String closeReason; // set: close the WebSocket after the last message

        private Watcher(WebSocketPeer peer) {
            this.peer = peer;
        }

        void offer(String message) {
            while (!queue.offer(message)) {
                queue.poll();
            }
        }

        private void run() {
            try {
                while (true) {
                    String m = queue.take();
                    @SuppressWarnings("ReferenceEquality") // the marker itself, not a message that reads "close"
                    boolean end = m == CLOSE;
                    if (end) {
                        if (closeReason != null) {
                            peer.close(closeCode, closeReason);
                        }
                        return;
                    }
                    peer.sendText(m);
                }
            } catch (IOException | InterruptedException gone) {
                // the browser went away
            } finally {
                watchers.remove(this);
            }
        }

        /** Stops sending; the WebSocket itself is closed by whoever owns it. */
        void stop() {
            watchers.remove(this);
            offer(CLOSE);
        }
    }

    /** Adds a watcher that first gets {@code first} (when not null), then every published message. */
    Watcher watch(WebSocketPeer peer, String first) {
        Watcher w = new Watcher(peer);
        if (first != null) {
            w.offer(first);
        }
        watchers.add(w);
        Thread.ofVirtual().name("kvmctl-web-send").start(w::run);
        return w;
    }

    void publish(String message) {
        watchers.forEach(w -> w.offer(message));
    }

    boolean isWatched() {
        return !watchers.isEmpty();
    }

    /** Sends {@code last} to everyone, then closes their WebSockets (the VM is gone). */
    void finish(String last, int code, String reason) {
        for (Watcher w : Set.copyOf(watchers)) {
            w.closeCode = code;
            w.closeReason = reason;
            w.offer(last);
            w.offer(CLOSE);
        }
        watchers.clear();
    }
}
