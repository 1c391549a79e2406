package io.kvmctl.sys;

import java.io.IOException;

/**
 * A failed system call: which operation, the errno with its name and text, and, when we know one, a hint that
 * says how to fix it. The message reads
 * {@code KVM_CREATE_VM failed: EBUSY (Device or resource busy): another hypervisor holds VT-x/AMD-V}.
 */
public class SysCallException extends IOException {
    private final String operation;
    private final int errno;
    private final String hint;

    public SysCallException(String operation, int errno, String hint) {
        super(format(operation, errno, hint));
        this.operation = operation;
        this.errno = errno;
        this.hint = hint;
    }

    public SysCallException(String operation, int errno) {
        this(operation, errno, null);
    }

    /** The operation that failed, e.g. {@code "KVM_CREATE_VM"} or {@code "open(/dev/kvm)"}. */
    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. {@code "EACCES"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** How to fix it, or {@code null} when there is no better advice than the error itself. */
    public String hint() {
        return hint;
    }

    private static String format(String operation, int errno, String hint) {
        String text = operation + " failed: " + Errno.name(errno) + " (" + Errno.describe(errno) + ")";
        return hint == null || hint.isBlank() ? text : text + ": " + hint;
    }
}
