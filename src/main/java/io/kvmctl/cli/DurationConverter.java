package io.kvmctl.cli;

import io.kvmctl.text.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Lets options take {@code 30s}, {@code 500ms}, {@code 2m}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
