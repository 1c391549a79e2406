package io.kvmctl.qmp;

import java.io.IOException;

/**
 * The QMP connection ended (QEMU closed it, the client closed it, or the stream broke) while something waited
 * on it. The message says what was waited for and, when known, how QEMU exited.
 */
public class QmpConnectionClosedException extends IOException {
    public QmpConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
