package io.kvmctl.devices;

import java.io.IOException;

/** A device operation cannot be done or failed; the message says why and what to do. */
public class DeviceException extends IOException {
    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
