package io.kvmctl.qmp;

import java.time.Duration;

/** Durations for people: {@code 5s}, {@code 250ms}, {@code 2m30s}. */
final class Durations {
    private Durations() {}

    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long seconds = d.toSeconds();
        long millis = d.toMillisPart();
        if (seconds < 60) {
            return millis == 0 ? seconds + "s" : String.format("%.1fs", d.toMillis() / 1000.0);
        }
        return d.toMinutes() + "m" + (d.toSecondsPart() == 0 ? "" : d.toSecondsPart() + "s");
    }
}
