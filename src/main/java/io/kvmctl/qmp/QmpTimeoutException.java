package io.kvmctl.qmp;

import io.kvmctl.text.Durations;
import java.io.IOException;
import java.time.Duration;

/** A command, event wait or handshake did not finish in time. The connection stays usable. */
public class QmpTimeoutException extends IOException {
    private final String command;
    private final Duration timeout;

    public QmpTimeoutException(String command, Duration timeout, String message) {
        super(message);
        this.command = command;
        this.timeout = timeout;
    }

    /** The usual message: {@code no reply to query-status within 5s}. */
    static QmpTimeoutException noReply(String command, Duration timeout) {
        return new QmpTimeoutException(
                command, timeout, "no reply to " + command + " within " + Durations.format(timeout));
    }

    /** What was waited for: a command name, {@code "event SHUTDOWN"} or {@code "QMP greeting"}. */
    public String command() {
        return command;
    }

    public Duration timeout() {
        return timeout;
    }
}
