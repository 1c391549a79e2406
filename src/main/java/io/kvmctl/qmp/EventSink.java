package io.kvmctl.qmp;

import java.io.IOException;

/** Where the reader thread delivers events. {@link #offer} must never block: replies wait behind it. */
interface EventSink {
    void offer(QmpEvent event);

    void connectionEnded(IOException cause);
}
