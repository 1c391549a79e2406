package io.kvmctl.net;

import java.io.IOException;

/** A NIC could not be set up; the message says what is wrong and how to fix it, in one line. */
public final class NetworkSetupException extends IOException {
    private static final long serialVersionUID = 1L;

    public NetworkSetupException(String message) {
        super(message);
    }

    public NetworkSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
