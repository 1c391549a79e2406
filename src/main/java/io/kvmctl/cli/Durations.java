package io.kvmctl.cli;

import java.time.Duration;

/** Durations the way people read them: {@code 3d 4h}, {@code 2h 5m}, {@code 4m 10s}, {@code 12s}. */
final class Durations {
    private Durations() {}

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 86400) {
            return s / 86400 + "d " + (s % 86400) / 3600 + "h";
        }
        if (s >= 3600) {
            return s / 3600 + "h " + (s % 3600) / 60 + "m";
        }
        if (s >= 60) {
            return s / 60 + "m " + s % 60 + "s";
        }
        return s + "s";
    }
}
