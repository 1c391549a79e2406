package io.kvmctl.migrate;

import java.util.concurrent.atomic.AtomicReference;

/** A request to cancel a running migration (Ctrl-C, a test), with the reason to report. Thread-safe. */
public final class MigrationCancel {
    private final AtomicReference<String> reason = new AtomicReference<>();

    /** A request nobody has made yet. */
    public MigrationCancel() {}

    /** Asks for a cancel; the first reason wins. */
    public void cancel(String why) {
        reason.compareAndSet(null, why);
    }

    public boolean requested() {
        return reason.get() != null;
    }

    public String reason() {
        return reason.get();
    }
}
