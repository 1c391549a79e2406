package io.kvmctl.text;

import java.time.Duration;

/** Durations for people: {@code 5s}, {@code 250ms}, {@code 2m30s} both ways, and coarse uptimes ({@code 3d 4h}). */
public final class Durations {
    private Durations() {}

    public static String format(Duration d) {
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

    /** Parses {@code 30s}, {@code 1.5s}, {@code 500ms}, {@code 2m} or a bare number of seconds. */
    public static Duration parse(String text) {
        String t = text.strip();
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(
                        Long.parseLong(t.substring(0, t.length() - 2).strip()));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
            if (d.isNegative()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 30s, 500ms or 2m");
        }
    }

    /** Coarse, for uptimes: {@code 3d 4h}, {@code 2h 5m}, {@code 4m 10s}, {@code 12s}. */
    public static String human(Duration d) {
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
