package io.kvmctl.cli;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpOptions;
import io.kvmctl.qmp.QmpSchemaCache;
import io.kvmctl.qmp.QmpSchemaSource;
import io.kvmctl.vm.MonitorConnector;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How the CLI commands connect: the first free of the target's monitors (see {@link MonitorConnector}), with the
 * timeouts given on the command line.
 */
final class QmpConnections {
    private QmpConnections() {}

    /** For one command ({@code kvmctl qmp}): may fall back to the control monitor. */
    static QmpClient openForCommand(QmpTarget target, Duration timeout, boolean validate) throws IOException {
        return MonitorConnector.connect(target.monitors(false), options(timeout, validate));
    }

    /** For a long session; never on the control monitor, which short commands need. */
    static QmpClient open(QmpTarget target, Duration timeout, boolean validate) throws IOException {
        return open(target, timeout, validate, client -> {});
    }

    /** With a hook that runs before capabilities negotiation: subscribe there to miss no event. */
    static QmpClient open(QmpTarget target, Duration timeout, boolean validate, Consumer<QmpClient> beforeCapabilities)
            throws IOException {
        return MonitorConnector.connect(target.monitors(true), options(timeout, validate), beforeCapabilities);
    }

    /**
     * Validation takes its schema from the user's cache (one file per QEMU binary), so checking names costs a
     * short call no extra round trip; without a home to cache in, it is asked of QEMU.
     */
    private static QmpOptions options(Duration timeout, boolean validate) {
        QmpSchemaSource schemas = QmpSchemaCache.forUser(System.getenv())
                .<QmpSchemaSource>map(c -> c)
                .orElse(QmpSchemaSource.LIVE);
        return QmpOptions.defaults()
                .withConnectTimeout(timeout)
                .withCommandTimeout(timeout)
                .withValidateCommands(validate)
                .withSchemaSource(schemas);
    }
}
