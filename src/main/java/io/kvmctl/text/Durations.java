package io.kvmctl.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations for people: {@code 5s}, {@code 250ms}, {@code 2m30s} both ways, and coarse uptimes ({@code 3d 4h}). */
public final class Durations {
    private static final Pattern SYNTAX =
            Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

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

    /**
     * Parses {@code 30s}, {@code 1.5s}, {@code 500ms}, {@code 2m}, {@code 1h} or a bare number of seconds. Only
     * plain decimals: Java's own number syntax would take {@code 5d} or {@code 1e3} as seconds.
     */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration; write e.g. 500ms, 30s, 2m or 1h (a bare number is seconds)");
        }
        long millisPerUnit = switch (m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> 1;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 1000;
        };
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(millisPerUnit));
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return Duration.ofMillis(millis.setScale(0, RoundingMode.HALF_UP).longValueExact());
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
