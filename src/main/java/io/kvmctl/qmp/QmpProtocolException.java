package io.kvmctl.qmp;

import java.io.IOException;

/** QEMU sent something that is not valid QMP (too long, not UTF-8, not JSON, an error without id): fatal. */
public class QmpProtocolException extends IOException {
    public QmpProtocolException(String message) {
        super(message);
    }

    public QmpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
