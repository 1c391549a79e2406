package io.kvmctl.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Refuses a zero or negative timeout or interval on any command before it runs: {@code up --timeout 0} used to be
 * accepted and then always fail. One rule for every option whose name ends in {@code timeout} or {@code interval}
 * and every duration option, so a new flag is covered without a check of its own.
 */
final class PositiveDurations {
    private PositiveDurations() {}

    /** Throws a usage error naming the first such option given a value of zero or less. */
    static void check(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            for (OptionSpec option : level.matchedOptions()) {
                if (!isDuration(option) || zeroMeansSomething(option) || positive(option.getValue())) {
                    continue;
                }
                List<String> given = option.originalStringValues();
                String value = given.isEmpty() ? String.valueOf(option.<Object>getValue()) : given.getLast();
                throw new CommandLine.ParameterException(
                        level.commandSpec().commandLine(),
                        option.longestName() + " " + value + ": give a duration above 0, e.g. " + option.longestName()
                                + " " + example(option));
            }
        }
    }

    /** The option's default (in its own unit) when it has one, so the example is never off by a unit. */
    private static String example(OptionSpec option) {
        String fallback = option.defaultValue();
        return fallback == null || fallback.isBlank() ? "30" : fallback;
    }

    /**
     * An option parsed by {@link DurationConverter.ZeroAllowed} says itself that zero has a meaning there
     * ({@code down --timeout 0}: no grace period, quit at once); a negative value it already refused.
     */
    private static boolean zeroMeansSomething(OptionSpec option) {
        for (CommandLine.ITypeConverter<?> converter : option.converters()) {
            if (converter instanceof DurationConverter.ZeroAllowed) {
                return true;
            }
        }
        return false;
    }

    static boolean isDuration(OptionSpec option) {
        String name = option.longestName();
        return name.endsWith("timeout") || name.endsWith("interval") || option.type() == Duration.class;
    }

    /** Whether {@code value} is above zero; values of other types (a flag, a name) are not this rule's business. */
    static boolean positive(Object value) {
        return switch (value) {
            case null -> true;
            case Duration d -> d.isPositive();
            case Number n -> n.doubleValue() > 0;
            default -> true;
        };
    }
}
