package io.kvmctl.cli;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpOptions;
import java.io.IOException;
import java.time.Duration;

/** How the CLI commands connect: the target's socket, with the timeouts given on the command line. */
final class QmpConnections {
    private QmpConnections() {}

    static QmpClient open(QmpTarget target, Duration timeout, boolean validate) throws IOException {
        return open(target, timeout, validate, client -> {});
    }

    /** With a hook that runs before capabilities negotiation: subscribe there to miss no event. */
    static QmpClient open(
            QmpTarget target,
            Duration timeout,
            boolean validate,
            java.util.function.Consumer<QmpClient> beforeCapabilities)
            throws IOException {
        QmpOptions options = QmpOptions.defaults()
                .withConnectTimeout(timeout)
                .withCommandTimeout(timeout)
                .withValidateCommands(validate);
        return QmpClient.connect(target.socketPath(), options, beforeCapabilities);
    }
}
