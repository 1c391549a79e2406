package io.kvmctl.vm;

import java.io.IOException;

/** A VM did not become ready in time ({@code up --wait}); it keeps running. The message says what was last seen. */
public final class ReadyTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public ReadyTimeoutException(String message) {
        super(message);
    }
}
