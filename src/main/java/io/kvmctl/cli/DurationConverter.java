package io.kvmctl.cli;

import io.kvmctl.text.Durations;
import java.time.Duration;
import picocli.CommandLine;

/**
 * The one syntax of every option that takes a time: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, and a bare
 * number is seconds. Zero is refused, as a wait for something that takes time always fails with it; the options
 * where zero means something use {@link ZeroAllowed}: a grace period before a harder step ({@code down --timeout 0}
 * goes straight to QMP quit) or {@code memory --wait 0} (do not wait).
 */
class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    /** What every duration option's help says about its syntax. */
    static final String SYNTAX = "500ms, 5s, 2m or 1h; a bare number is seconds";

    @Override
    public Duration convert(String value) {
        Duration d = parse(value);
        if (d.isZero()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is no time at all; give a duration above zero, e.g. 500ms or 30s");
        }
        return d;
    }

    static Duration parse(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** Whole seconds, rounded up, for what only takes seconds (systemd units): 1.5s is 2, never 1 or 0. */
    static int wholeSeconds(Duration d) {
        long s = d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, s);
    }

    /** For the options where zero means "do not wait": grace periods. */
    static final class ZeroAllowed implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parse(value);
        }
    }
}
