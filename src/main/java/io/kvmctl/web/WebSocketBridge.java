package io.kvmctl.web;

import java.nio.ByteBuffer;

/**
 * What the server hands a browser's WebSocket messages to: one bridge per WebSocket (a serial console, a VNC
 * screen), which owns its connection to QEMU and closes it in {@link #onClose}.
 */
public interface WebSocketBridge {

    void onBinary(ByteBuffer data);

    void onText(String text);

    /** The browser went away (or the server closes): release QEMU's side. Called once. */
    void onClose();
}
