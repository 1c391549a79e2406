package io.kvmctl.web;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The browser's end of one WebSocket, as a bridge sees it: the server adapts its WebSocket session to this, so the
 * bridges (serial console, VNC) know nothing of the HTTP server and can be tested without one.
 */
public interface WebSocketPeer {

    /** Sends one binary message; returns once it is written or queued within the server's limit (backpressure). */
    void sendBinary(ByteBuffer data) throws IOException;

    /** Sends one text message (JSON), with the same backpressure as {@link #sendBinary}. */
    void sendText(String text) throws IOException;

    /** Closes the WebSocket with a status code (1000 normal, 1011 server error) and a short reason. */
    void close(int statusCode, String reason);
}
