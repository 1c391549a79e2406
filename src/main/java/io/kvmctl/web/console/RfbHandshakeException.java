package io.kvmctl.web.console;

import java.io.IOException;

/**
 * An RFB handshake that cannot go on: the peer speaks no RFB, offers no security type we speak, or refused us.
 * {@link #farewell()} is what to send the peer before closing (RFB's failure reason), often nothing.
 */
final class RfbHandshakeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final byte[] farewell;

    RfbHandshakeException(String message) {
        this(message, new byte[0]);
    }

    RfbHandshakeException(String message, byte[] farewell) {
        super(message);
        this.farewell = farewell.clone();
    }

    byte[] farewell() {
        return farewell.clone();
    }
}
