package io.kvmctl.bench;

import java.util.Arrays;

/** Percentiles of durations in nanoseconds, printed in milliseconds. */
final class Samples {
    private final long[] sorted;

    Samples(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The {@code p}-th percentile (nearest rank), in ms; NaN when there are no samples. */
    double percentileMs(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    double maxMs() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }

    /** "n=400 p50 1.2 ms p99 3.4 ms max 5.6 ms". */
    String describe() {
        return String.format(
                "n=%d p50 %.2f ms  p99 %.2f ms  max %.2f ms", count(), percentileMs(50), percentileMs(99), maxMs());
    }
}
