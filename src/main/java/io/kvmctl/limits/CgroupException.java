package io.kvmctl.limits;

import java.io.IOException;

/** A cgroup could not be created or written: the message names the file, the kernel's reason and the fix. */
public class CgroupException extends IOException {
    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
