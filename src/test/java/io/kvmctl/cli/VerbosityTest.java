package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerbosityTest {
    private static Verbosity parsed(String... args) {
        CommandLine cmd = KvmctlCommand.newCommandLine(args);
        cmd.parseArgs(args);
        return ((KvmctlCommand) cmd.getCommand()).verbosity();
    }

    @Test
    void quietAndVerboseWorkAfterTheSubcommandAndBeforeIt() {
        assertEquals(Verbosity.QUIET, parsed("list", "-q"));
        assertEquals(Verbosity.QUIET, parsed("list", "--quiet"));
        assertEquals(Verbosity.VERBOSE, parsed("status", "web", "-v"));
        assertEquals(Verbosity.VERBOSE, parsed("-v", "status", "web"));
        assertEquals(Verbosity.NORMAL, parsed("status", "web"));
    }

    @Test
    void quietWinsOverVerbose() {
        assertEquals(Verbosity.QUIET, parsed("list", "-v", "-q"));
    }

    @Test
    void everyCommandAndSubcommandTakesBoth() {
        for (KvmctlCommand.Subcommand sub : KvmctlCommand.SUBCOMMANDS) {
            String name = sub.name();
            CommandLine cmd = KvmctlCommand.newCommandLine(name);
            check(cmd.getSubcommands().get(name), List.of(name));
        }
    }

    private static void check(CommandLine sub, List<String> path) {
        for (String option : List.of("-q", "--quiet", "-v", "--verbose")) {
            assertEquals(
                    true, sub.getCommandSpec().findOption(option) != null, String.join(" ", path) + " lacks " + option);
        }
        sub.getSubcommands().forEach((n, c) -> {
            if (!n.equals("help")) {
                check(
                        c,
                        java.util.stream.Stream.concat(path.stream(), java.util.stream.Stream.of(n))
                                .toList());
            }
        });
    }

    @Test
    void aCommandRunOnItsOwnIsNormal() {
        CommandLine alone = new CommandLine(new ListCommand());
        assertEquals(Verbosity.NORMAL, Verbosity.of(alone.getCommandSpec()));
    }
}
