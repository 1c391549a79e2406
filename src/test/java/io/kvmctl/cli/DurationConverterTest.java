package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void takesEveryUnitAndABareNumberAsSeconds() {
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(5), converter.convert("5s"));
        assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
        assertEquals(Duration.ofHours(1), converter.convert("1h"));
        assertEquals(Duration.ofSeconds(30), converter.convert("30"));
        assertEquals(Duration.ofMillis(1500), converter.convert("1.5"));
        assertEquals(Duration.ofMillis(1500), converter.convert("1.5S"));
    }

    @Test
    void refusesZeroNegativeAndJavaNumberSyntax() {
        for (String bad :
                List.of("0", "0s", "0ms", "-5", "-1s", "5d", "1e3", "0x10", "NaN", "Infinity", "", "s", "5 days")) {
            assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert(bad), bad);
        }
    }

    @Test
    void zeroMeansNoGraceWhereAllowed() {
        assertEquals(Duration.ZERO, new DurationConverter.ZeroAllowed().convert("0"));
        assertThrows(
                CommandLine.TypeConversionException.class, () -> new DurationConverter.ZeroAllowed().convert("-1"));
    }

    @Test
    void wholeSecondsRoundUp() {
        assertEquals(2, DurationConverter.wholeSeconds(Duration.ofMillis(1500)));
        assertEquals(60, DurationConverter.wholeSeconds(Duration.ofSeconds(60)));
        assertEquals(0, DurationConverter.wholeSeconds(Duration.ZERO));
    }

    @Test
    void aZeroTimeoutIsOneLineAndExitTwo() {
        CliRun run = CliRun.of("qmp", "nosuchvm", "query-status", "--timeout", "0");
        assertEquals(2, run.code(), run.all());
        assertTrue(run.err().startsWith("kvmctl: Invalid value for option '--timeout'"), run.all());
        assertTrue(run.err().contains("give a duration above zero"), run.all());
    }

    @Test
    void statsIntervalInOldMillisecondsIsRefusedWithTheFix() {
        CliRun run = CliRun.of("stats", "nosuchvm", "--interval", "500");
        assertEquals(2, run.code(), run.all());
        assertTrue(run.err().contains("write 500ms"), run.all());
    }

    /** A new option that takes a time must not bring back its own syntax (an int of seconds or of milliseconds). */
    @Test
    void everyTimeOptionUsesTheOneConverter() {
        List<String> wrong = new ArrayList<>();
        for (KvmctlCommand.Subcommand sub : KvmctlCommand.SUBCOMMANDS) {
            check(new CommandLine(sub.type()).getCommandSpec(), wrong);
        }
        assertEquals(List.of(), wrong);
    }

    private static void check(CommandSpec spec, List<String> wrong) {
        for (OptionSpec o : spec.options()) {
            String label = o.paramLabel();
            boolean time = o.type() == Duration.class || label.equals("SECONDS") || label.equals("MS");
            if (!time) {
                continue;
            }
            boolean ours = o.converters().length == 1
                    && (o.converters()[0] instanceof DurationConverter
                            || o.converters()[0] instanceof DurationConverter.ZeroAllowed);
            if (!ours || !label.equals("DURATION")) {
                wrong.add(spec.qualifiedName() + " " + o.longestName());
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            check(sub.getCommandSpec(), wrong);
        }
    }
}
