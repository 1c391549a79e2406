package io.kvmctl.migrate;

import java.io.IOException;

/** A migration could not be set up or did not finish; the message says why and what state the VMs are in. */
public class MigrationException extends IOException {
    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
