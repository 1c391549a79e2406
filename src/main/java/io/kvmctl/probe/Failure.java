package io.kvmctl.probe;

import io.kvmctl.sys.SysCallException;

/** A failed system call as the report shows it: {@code errno} is the symbolic name, {@code hint} may be null. */
public record Failure(String message, String errno, String hint) {
    static Failure of(SysCallException e) {
        return new Failure(e.getMessage(), e.errnoName(), e.hint());
    }
}
