package io.kvmctl.agent;

import java.io.IOException;

/** The guest agent did not answer, or answered with an error; the message says which command and why. */
public final class GuestAgentException extends IOException {
    private static final long serialVersionUID = 1L;

    public GuestAgentException(String message) {
        super(message);
    }

    public GuestAgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
