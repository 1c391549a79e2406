package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KvmctlCommandTest {
    @Test
    void buildsOnlyTheInvokedSubcommand() {
        assertEquals(
                Set.of("probe"),
                KvmctlCommand.newCommandLine("probe", "--json").getSubcommands().keySet());
    }

    @Test
    void everySubcommandIsFoundByItsOwnName() {
        for (KvmctlCommand.Subcommand sub : KvmctlCommand.SUBCOMMANDS) {
            String name = sub.type().getAnnotation(CommandLine.Command.class).name();
            assertEquals(name, sub.name(), "the table's name for " + sub.type().getName());
            assertEquals(
                    Set.of(name),
                    KvmctlCommand.newCommandLine(name).getSubcommands().keySet(),
                    sub.type().getName());
        }
    }

    @Test
    void helpAndUnknownCommandsSeeThemAll() {
        var all = KvmctlCommand.newCommandLine("bogus").getSubcommands().keySet();
        assertEquals(KvmctlCommand.SUBCOMMANDS.size() + 1, all.size());
        assertTrue(all.contains("help"));
        assertEquals(all, KvmctlCommand.newCommandLine().getSubcommands().keySet());
    }

    @Test
    void globalOptionsBeforeTheCommandStillBuildOnlyThatCommand() {
        assertEquals(
                Set.of("list"),
                KvmctlCommand.newCommandLine("-q", "list", "--json")
                        .getSubcommands()
                        .keySet());
        assertEquals(
                Set.of("status"),
                KvmctlCommand.newCommandLine("--verbose", "-q", "status", "vm1")
                        .getSubcommands()
                        .keySet());
    }

    @Test
    void versionNeedsNoSubcommands() {
        assertTrue(KvmctlCommand.newCommandLine("--version").getSubcommands().isEmpty());
    }

    @Test
    void everyCommandAndSubcommandAnswersHelp() {
        java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
        for (var entry : KvmctlCommand.newCommandLine().getSubcommands().entrySet()) {
            if (entry.getKey().equals("help")) {
                continue; // picocli's own help command
            }
            paths.add(java.util.List.of(entry.getKey()));
            entry.getValue()
                    .getSubcommands()
                    .keySet()
                    .forEach(sub -> paths.add(java.util.List.of(entry.getKey(), sub)));
        }
        for (var path : paths) {
            java.util.List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            var out = new java.io.StringWriter();
            var err = new java.io.StringWriter();
            var cmd = KvmctlCommand.newCommandLine(args.toArray(String[]::new));
            cmd.setOut(new java.io.PrintWriter(out));
            cmd.setErr(new java.io.PrintWriter(err));
            assertEquals(0, cmd.execute(args.toArray(String[]::new)), path + ": " + err);
            assertTrue(out.toString().startsWith("Usage: kvmctl " + String.join(" ", path)), path + ": " + out);
        }
    }
}
