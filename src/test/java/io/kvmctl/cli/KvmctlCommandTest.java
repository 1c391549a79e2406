package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KvmctlCommandTest {
    @Test
    void buildsOnlyTheInvokedSubcommand() {
        assertEquals(Set.of("probe"), KvmctlCommand.newCommandLine("probe", "--json").getSubcommands().keySet());
    }

    @Test
    void everySubcommandIsFoundByItsOwnName() {
        for (Class<?> c : KvmctlCommand.SUBCOMMANDS) {
            String name = c.getAnnotation(CommandLine.Command.class).name();
            assertEquals(Set.of(name), KvmctlCommand.newCommandLine(name).getSubcommands().keySet(), c.getName());
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
    void versionNeedsNoSubcommands() {
        assertTrue(KvmctlCommand.newCommandLine("--version").getSubcommands().isEmpty());
    }
}
