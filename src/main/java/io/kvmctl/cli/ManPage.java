package io.kvmctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * One command's manual page in troff with the man(7) macros, from the same picocli model that prints
 * {@code --help}: name, synopsis, description, arguments, options, subcommands, exit codes and the footer
 * (where the examples are). Pure: a {@link CommandSpec} in, the page's text out.
 */
final class ManPage {
    private ManPage() {}

    /** The page's name: {@code kvmctl}, {@code kvmctl-up}, {@code kvmctl-snapshot-save}. */
    static String pageName(CommandSpec command) {
        return command.qualifiedName("-");
    }

    /**
     * The page of {@code command}; {@code version} goes in the footer, {@code rootExitCodes} is used when the
     * command lists none of its own (kvmctl's exit codes hold for every command).
     */
    static String render(CommandSpec command, String version, Map<String, String> rootExitCodes) {
        UsageMessageSpec usage = command.usageMessage();
        StringBuilder page = new StringBuilder();
        String name = pageName(command);
        page.append(".TH ")
                .append(quoted(name.toUpperCase(Locale.ROOT)))
                .append(" 1 \"\" ")
                .append(quoted("kvmctl " + version))
                .append(" \"kvmctl manual\"\n");

        page.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(summary(command)));
        page.append("\n.SH SYNOPSIS\n.nf\n");
        String synopsis = new CommandLine.Help(
                        command, new CommandLine.Help.ColorScheme.Builder(CommandLine.Help.Ansi.OFF).build())
                .synopsis(0)
                .stripTrailing();
        synopsis.lines().forEach(line -> page.append(escapeLine(line)).append('\n'));
        page.append(".fi\n");

        page.append(".SH DESCRIPTION\n");
        paragraphs(page, text(usage.description()));

        List<PositionalParamSpec> positionals =
                command.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            page.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                page.append(".TP\n.I ").append(quoted(p.paramLabel())).append('\n');
                paragraphs(page, describe(p));
            }
        }

        List<OptionSpec> options =
                command.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            page.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                page.append(".TP\n");
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + escape(n) + "\\fR");
                }
                page.append(String.join(", ", names));
                if (o.arity().max() > 0) {
                    page.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
                }
                page.append('\n');
                paragraphs(page, describe(o));
            }
        }

        List<String> subcommands = new ArrayList<>();
        command.subcommands().forEach((subName, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden() && subName.equals(sub.getCommandName())) {
                subcommands.add(subName);
            }
        });
        if (!subcommands.isEmpty()) {
            page.append(".SH COMMANDS\n");
            for (String sub : subcommands) {
                CommandSpec spec = command.subcommands().get(sub).getCommandSpec();
                page.append(".TP\n.B ").append(quoted(sub)).append('\n');
                paragraphs(page, summary(spec));
                page.append("See \\fB").append(escape(pageName(spec))).append("\\fR(1).\n");
            }
        }

        Map<String, String> exitCodes = usage.exitCodeList().isEmpty() ? rootExitCodes : usage.exitCodeList();
        if (!exitCodes.isEmpty()) {
            page.append(".SH EXIT STATUS\n");
            exitCodes.forEach((code, meaning) -> {
                page.append(".TP\n.B ").append(quoted(code.strip())).append('\n');
                paragraphs(page, meaning);
            });
        }

        String[] footer = usage.footer();
        if (footer.length > 0) {
            String heading = text(new String[] {usage.footerHeading()}).strip().replaceAll(":$", "");
            page.append(".SH ")
                    .append(quoted(heading.isEmpty() ? "NOTES" : heading.toUpperCase(Locale.ROOT)))
                    .append("\n.nf\n");
            // Footer lines are printed as written (the examples): no filling, no hyphenation.
            text(footer)
                    .replaceFirst("^(\\s*\\n)+", "")
                    .stripTrailing()
                    .lines()
                    .forEach(line -> page.append(escapeLine(line)).append('\n'));
            page.append(".fi\n");
        }

        page.append(".SH SEE ALSO\n");
        if (command.parent() == null) {
            page.append("Each command has its own page: \\fBkvmctl\\-up\\fR(1), \\fBkvmctl\\-status\\fR(1), ...\n");
        } else {
            page.append("\\fB").append(escape(pageName(command.parent()))).append("\\fR(1)\n");
        }
        return page.toString();
    }

    /** The description's first sentence, for NAME and the COMMANDS list. */
    static String summary(CommandSpec command) {
        String description = text(command.usageMessage().description()).strip().replace('\n', ' ');
        var end = java.util.regex.Pattern.compile("(?<!e\\.g|i\\.e)\\.\\s").matcher(description);
        return end.find() ? description.substring(0, end.start() + 1) : description;
    }

    private static String describe(ArgSpec arg) {
        String text = text(arg.description());
        String defaultValue = arg.defaultValueString();
        text = text.replace("${DEFAULT-VALUE}", String.valueOf(defaultValue));
        if (arg.completionCandidates() != null) {
            List<String> candidates = new ArrayList<>();
            arg.completionCandidates().forEach(candidates::add);
            text = text.replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates));
        }
        return text;
    }

    /** picocli's description lines joined, with its format escapes resolved. */
    private static String text(String[] lines) {
        return String.join("\n", lines).replace("%n", "\n").replace("%%", "%");
    }

    /** Paragraphs (split at blank lines) as filled text: each line of the source is one troff input line. */
    private static void paragraphs(StringBuilder page, String text) {
        boolean first = true;
        for (String paragraph : text.strip().split("\n\\s*\n")) {
            if (paragraph.isBlank()) {
                continue;
            }
            if (!first) {
                page.append(".IP\n");
            }
            first = false;
            paragraph
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .forEach(line -> page.append(escapeLine(line)).append('\n'));
        }
        if (first) {
            page.append("\\&\n");
        }
    }

    /** One input line: escaped, and kept from being read as a request when it starts with a dot or quote. */
    private static String escapeLine(String line) {
        String escaped = escape(line);
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    /** Text safe for troff: backslashes and minus signs (so options copy-paste as ASCII hyphens). */
    static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }

    /** A macro argument: quoted, with inner quotes doubled as groff reads them. */
    private static String quoted(String argument) {
        return "\"" + escape(argument).replace("\"", "\"\"") + "\"";
    }
}
