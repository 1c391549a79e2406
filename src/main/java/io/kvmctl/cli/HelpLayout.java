package io.kvmctl.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How {@code --help} is laid out: wrapped at the terminal's width, with the footer's indented lines (the
 * examples: commands to copy) printed as written. picocli wraps every footer line at the usage width, which
 * breaks an example inside its quotes; prose footer lines are still wrapped.
 */
final class HelpLayout {
    private HelpLayout() {}

    /** Applies the layout to {@code cmd} and every subcommand it has now. */
    static void apply(CommandLine cmd) {
        cmd.setUsageHelpAutoWidth(true); // the annotation's value is not inherited by subcommands
        cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, HelpLayout::footer);
        cmd.getSubcommands().values().forEach(HelpLayout::apply);
    }

    private static String footer(CommandLine.Help help) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        List<String> prose = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (String element : usage.footer()) {
            for (String line : element.replace("%n", "\n").replace("%%", "%").split("\n", -1)) {
                if (line.startsWith(" ")) {
                    flush(help, usage, prose, out);
                    out.append(line).append(System.lineSeparator());
                } else {
                    prose.add(line);
                }
            }
        }
        flush(help, usage, prose, out);
        return out.toString();
    }

    private static void flush(CommandLine.Help help, UsageMessageSpec usage, List<String> prose, StringBuilder out) {
        if (!prose.isEmpty()) {
            CommandLine.Help.join(
                    help.ansi(),
                    usage.width(),
                    usage.adjustLineBreaksForWideCJKCharacters(),
                    prose.toArray(String[]::new),
                    out);
            prose.clear();
        }
    }
}
