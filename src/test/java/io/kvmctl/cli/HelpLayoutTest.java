package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpLayoutTest {
    private static final String EXAMPLE =
            "  kvmctl systemd-unit web-1 web-1.yaml > /etc/systemd/system/kvmctl-web-1.service && systemctl daemon-reload";

    @Test
    void examplesArePrintedWholeAtAnyWidth() {
        String help = usage(
                KvmctlCommand.newCommandLine("systemd-unit").getSubcommands().get("systemd-unit"), 60);
        assertTrue(help.lines().anyMatch(EXAMPLE::equals), help);
    }

    @Test
    void proseFootersAreStillWrapped() {
        String help =
                usage(KvmctlCommand.newCommandLine("migrate").getSubcommands().get("migrate"), 60);
        assertTrue(help.contains("Exit codes: 0 migrated"), help);
        assertTrue(help.lines().allMatch(l -> l.length() <= 60), help);
    }

    @Test
    void everyHelpLineButTheExamplesFitsTheWidth() {
        List<String> tooLong = new ArrayList<>();
        walk(KvmctlCommand.newCommandLine(), tooLong);
        assertEquals(List.of(), tooLong);
    }

    /** picocli wraps each description element; one split by hand mid-sentence breaks there at every width. */
    @Test
    void descriptionElementsAreWholeParagraphs() {
        List<String> fragments = new ArrayList<>();
        paragraphs(KvmctlCommand.newCommandLine(), fragments);
        assertEquals(List.of(), fragments);
    }

    private static void paragraphs(CommandLine command, List<String> fragments) {
        for (String element : command.getCommandSpec().usageMessage().description()) {
            String text = element.replace("%n", "").strip();
            boolean tableRow = element.startsWith(" ");
            if (!tableRow && !text.isEmpty() && !text.matches("(?s).*[.:)?]$")) {
                fragments.add(command.getCommandSpec().qualifiedName() + ": " + text);
            }
        }
        command.getSubcommands().values().forEach(sub -> paragraphs(sub, fragments));
    }

    @Test
    void rootAndSubcommandsSizeHelpToTheTerminal() {
        CommandLine root = KvmctlCommand.newCommandLine();
        assertTrue(root.isUsageHelpAutoWidth());
        assertTrue(root.getSubcommands()
                .get("snapshot")
                .getSubcommands()
                .get("save")
                .isUsageHelpAutoWidth());
    }

    private static void walk(CommandLine command, List<String> tooLong) {
        String help = usage(command, 80);
        List<String> footer = footerLines(command);
        help.lines()
                .filter(l -> l.length() > 80 && !footer.contains(l))
                .forEach(l -> tooLong.add(command.getCommandSpec().qualifiedName() + ": " + l));
        command.getSubcommands().values().forEach(sub -> walk(sub, tooLong));
    }

    private static List<String> footerLines(CommandLine command) {
        List<String> lines = new ArrayList<>();
        for (String element : command.getCommandSpec().usageMessage().footer()) {
            lines.addAll(List.of(element.replace("%n", "\n").split("\n")));
        }
        return lines;
    }

    private static String usage(CommandLine command, int width) {
        command.setUsageHelpAutoWidth(false);
        command.setUsageHelpWidth(width);
        return command.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }
}
