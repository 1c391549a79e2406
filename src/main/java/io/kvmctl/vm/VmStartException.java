package io.kvmctl.vm;

import java.io.IOException;

/** A VM did not start; the message says why and, when QEMU said something, ends with its last lines. */
public class VmStartException extends IOException {
    public VmStartException(String message) {
        super(message);
    }

    public VmStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
