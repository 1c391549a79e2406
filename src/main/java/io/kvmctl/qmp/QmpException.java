package io.kvmctl.qmp;

import java.io.IOException;

/**
 * QEMU answered a command with an error: {@code {"error": {"class": "GenericError", "desc": "..."}}}. The message
 * reads {@code device_del failed: DeviceNotFound: Device 'nic9' not found}.
 */
public class QmpException extends IOException {
    private final String errorClass;
    private final String description;
    private final String command;

    public QmpException(String command, String errorClass, String description) {
        super(command + " failed: " + errorClass + ": " + description);
        this.errorClass = errorClass;
        this.description = description;
        this.command = command;
    }

    /** QEMU's error class, e.g. {@code GenericError}, {@code CommandNotFound}, {@code DeviceNotFound}. */
    public String errorClass() {
        return errorClass;
    }

    public String description() {
        return description;
    }

    public String command() {
        return command;
    }
}
