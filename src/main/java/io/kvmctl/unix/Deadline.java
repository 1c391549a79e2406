package io.kvmctl.unix;

import java.time.Duration;

/** A point in time derived from a timeout, giving poll(2) its remaining milliseconds. */
record Deadline(long nanos, Duration timeout) {
    static Deadline after(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive, got " + timeout);
        }
        long now = System.nanoTime();
        long span = timeout.compareTo(Duration.ofDays(3650)) > 0
                ? Duration.ofDays(3650).toNanos()
                : timeout.toNanos();
        return new Deadline(now + span, timeout);
    }

    /** Milliseconds left, rounded up so a poll never returns just before the deadline; 0 once passed. */
    int remainingMillis() {
        long left = nanos - System.nanoTime();
        if (left <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
    }

    boolean passed() {
        return nanos - System.nanoTime() <= 0;
    }
}
