package io.kvmctl.qmp;

import java.io.IOException;
import java.time.Duration;

/**
 * Where a {@link QmpClient} gets the schema it validates command names with: asked of QEMU on every connection
 * ({@link #LIVE}), or kept per QEMU binary ({@link QmpSchemaCache}), because the reply to
 * {@code query-qmp-schema} is a few hundred kilobytes that a short {@code kvmctl qmp} would otherwise fetch and parse
 * on every call.
 */
@FunctionalInterface
public interface QmpSchemaSource {
    /** Asks QEMU each time. */
    QmpSchemaSource LIVE = QmpSchema::load;

    /** The schema of the QEMU that {@code client} is connected to. */
    QmpSchema schemaFor(QmpClient client, Duration timeout) throws IOException;
}
