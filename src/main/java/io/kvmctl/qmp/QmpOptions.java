package io.kvmctl.qmp;

import java.time.Duration;

/**
 * How a {@link QmpClient} behaves.
 *
 * @param connectTimeout   for connecting, the greeting and {@code qmp_capabilities}
 * @param commandTimeout   default for {@link QmpClient#execute(String)} and for writing a command
 * @param oob              enable out-of-band execution when QEMU offers it
 * @param eventQueueSize   default capacity of {@link QmpClient#subscribe(String)} queues
 * @param maxMessageBytes  a longer message from QEMU fails the connection (libvirt uses 10 MiB too)
 * @param validateCommands check command and argument names against {@code query-qmp-schema} before sending
 * @param schemaSource     where the schema for validation comes from (asked of QEMU, or a {@link QmpSchemaCache})
 */
public record QmpOptions(
        Duration connectTimeout,
        Duration commandTimeout,
        boolean oob,
        int eventQueueSize,
        int maxMessageBytes,
        boolean validateCommands,
        QmpSchemaSource schemaSource) {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

    public QmpOptions {
        java.util.Objects.requireNonNull(schemaSource, "schemaSource");
        if (connectTimeout.isNegative() || commandTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
        if (eventQueueSize < 1 || maxMessageBytes < 64) {
            throw new IllegalArgumentException("eventQueueSize must be >= 1 and maxMessageBytes >= 64");
        }
    }

    public static QmpOptions defaults() {
        return new QmpOptions(
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                false,
                1024,
                DEFAULT_MAX_MESSAGE_BYTES,
                false,
                QmpSchemaSource.LIVE);
    }

    public QmpOptions withConnectTimeout(Duration d) {
        return new QmpOptions(d, commandTimeout, oob, eventQueueSize, maxMessageBytes, validateCommands, schemaSource);
    }

    public QmpOptions withCommandTimeout(Duration d) {
        return new QmpOptions(connectTimeout, d, oob, eventQueueSize, maxMessageBytes, validateCommands, schemaSource);
    }

    public QmpOptions withOob(boolean on) {
        return new QmpOptions(
                connectTimeout, commandTimeout, on, eventQueueSize, maxMessageBytes, validateCommands, schemaSource);
    }

    public QmpOptions withEventQueueSize(int size) {
        return new QmpOptions(
                connectTimeout, commandTimeout, oob, size, maxMessageBytes, validateCommands, schemaSource);
    }

    public QmpOptions withMaxMessageBytes(int max) {
        return new QmpOptions(connectTimeout, commandTimeout, oob, eventQueueSize, max, validateCommands, schemaSource);
    }

    public QmpOptions withValidateCommands(boolean on) {
        return new QmpOptions(connectTimeout, commandTimeout, oob, eventQueueSize, maxMessageBytes, on, schemaSource);
    }

    public QmpOptions withSchemaSource(QmpSchemaSource source) {
        return new QmpOptions(
                connectTimeout, commandTimeout, oob, eventQueueSize, maxMessageBytes, validateCommands, source);
    }
}
