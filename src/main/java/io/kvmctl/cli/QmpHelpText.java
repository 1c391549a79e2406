package io.kvmctl.cli;

import io.kvmctl.qapi.QmpIntrospection;
import io.kvmctl.qapi.QmpIntrospection.Member;
import io.kvmctl.text.Suggestions;
import java.util.List;
import java.util.Set;

/** qmp-shell's {@code help} and {@code help CMD} text, from the QEMU's own schema. Pure. */
final class QmpHelpText {
    private static final int WIDTH = 100;

    private QmpHelpText() {}

    /** {@code help CMD}: the arguments (name, type, optional) and the reply type with its members. */
    static String command(QmpIntrospection schema, String name) {
        var found = schema.command(name);
        if (found.isEmpty()) {
            return "error: unknown QMP command '" + name + "'"
                    + Suggestions.closest(name, schema.commandNames())
                            .map(s -> "; did you mean '" + s + "'?")
                            .orElse("; 'help' lists the commands");
        }
        var s = found.get();
        if (!schema.describesCommands()) {
            return s.name() + "\n  arguments and reply unknown: this QEMU does not answer query-qmp-schema";
        }
        StringBuilder out = new StringBuilder(s.name()).append('\n');
        if (s.arguments().isEmpty()) {
            out.append("  arguments: none\n");
        } else {
            out.append("  arguments:\n");
            members(out, s.arguments());
        }
        out.append("  returns: ")
                .append(s.returns().equals("{}") ? "nothing ({})" : s.returns())
                .append('\n');
        members(out, s.replyMembers());
        return out.toString().stripTrailing();
    }

    /** {@code help}: how to use the shell, then every command name, wrapped. */
    static String overview(Set<String> commands) {
        StringBuilder out = new StringBuilder("""
                COMMAND key=value ... runs a QMP command (TAB completes commands, argument names and enum values);
                a line starting with { is sent as JSON; help COMMAND shows its arguments and reply; exit leaves.
                """);
        out.append(commands.size()).append(" commands:\n");
        StringBuilder row = new StringBuilder();
        for (String c : commands) {
            if (row.length() + c.length() + 1 > WIDTH) {
                out.append(row.toString().stripTrailing()).append('\n');
                row.setLength(0);
            }
            row.append(c).append(' ');
        }
        return out.append(row.toString().stripTrailing()).toString();
    }

    private static void members(StringBuilder out, List<Member> members) {
        int width = members.stream().mapToInt(m -> m.name().length()).max().orElse(0);
        for (Member m : members) {
            out.append("    ")
                    .append(m.name())
                    .append(" ".repeat(width - m.name().length() + 2))
                    .append(m.type());
            if (m.optional()) {
                out.append(", optional");
            }
            if (!m.note().isEmpty()) {
                out.append(", ").append(m.note());
            }
            out.append('\n');
        }
    }
}
