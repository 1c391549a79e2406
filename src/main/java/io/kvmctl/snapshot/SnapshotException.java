package io.kvmctl.snapshot;

import java.io.IOException;

/** A snapshot operation cannot be done or failed; the message says why. */
public class SnapshotException extends IOException {
    public SnapshotException(String message) {
        super(message);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
