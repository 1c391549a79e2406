package io.kvmctl.qmp;

import java.io.IOException;

/** A command or argument name that this QEMU does not know; nothing was sent. The message suggests a fix. */
public class QmpValidationException extends IOException {
    public QmpValidationException(String message) {
        super(message);
    }
}
