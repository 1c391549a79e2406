package io.kvmctl.cli;

import io.kvmctl.qapi.QmpIntrospection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What TAB offers in qmp-shell, given the line and the cursor: pure, so every case is a unit test. In QMP mode: command
 * names (and {@code help}, {@code exit}) in the first word, command names after {@code help}, then the command's
 * argument names not yet given ({@code id=}), and after {@code name=} the values of an enum or bool argument. In HMP
 * mode: HMP command names, and info topics after {@code info}. A JSON line completes nothing.
 */
final class ShellCompletion {
    /** Words the shell itself understands, offered beside QEMU's commands. */
    static final List<String> QMP_SHELL_WORDS = List.of("exit", "help");

    /**
     * One candidate for the word under the cursor.
     *
     * @param complete whether the word is finished (a space follows); false for {@code name=}, whose value follows
     */
    record Candidate(String value, boolean complete) {}

    private ShellCompletion() {}

    static List<Candidate> qmp(QmpIntrospection schema, String line, int cursor) {
        Words w = Words.at(line, cursor);
        if (w == null || line.stripLeading().startsWith("{")) {
            return List.of();
        }
        if (w.before().isEmpty()) {
            return finished(Stream.concat(QMP_SHELL_WORDS.stream(), schema.commandNames().stream()), w.current());
        }
        String command = w.before().getFirst();
        if (command.equals("help")) {
            return w.before().size() == 1 ? finished(schema.commandNames().stream(), w.current()) : List.of();
        }
        var signature = schema.command(command);
        if (signature.isEmpty()) {
            return List.of();
        }
        int eq = w.current().indexOf('=');
        if (eq >= 0) {
            String name = w.current().substring(0, eq);
            return signature
                    .flatMap(s -> s.argument(name))
                    .map(m -> finished(m.values().stream().map(v -> name + "=" + v), w.current()))
                    .orElse(List.of());
        }
        Set<String> given = new HashSet<>();
        for (String word : w.before().subList(1, w.before().size())) {
            int i = word.indexOf('=');
            given.add(i < 0 ? word : word.substring(0, i));
        }
        return signature.get().arguments().stream()
                .map(QmpIntrospection.Member::name)
                .filter(n -> !given.contains(n) && n.startsWith(w.current()))
                .map(n -> new Candidate(n + "=", false))
                .toList();
    }

    static List<Candidate> hmp(HmpCommands hmp, String line, int cursor) {
        Words w = Words.at(line, cursor);
        if (w == null) {
            return List.of();
        }
        if (w.before().isEmpty()) {
            return finished(Stream.concat(Stream.of("exit"), hmp.commands().stream()), w.current());
        }
        if (w.before().size() == 1) {
            return switch (w.before().getFirst()) {
                case "help" -> finished(hmp.commands().stream(), w.current());
                case "info" -> finished(hmp.infoTopics().stream(), w.current());
                default -> List.of();
            };
        }
        return List.of();
    }

    private static List<Candidate> finished(Stream<String> values, String prefix) {
        return values.filter(v -> v.startsWith(prefix))
                .distinct()
                .map(v -> new Candidate(v, true))
                .toList();
    }

    /** The finished words before the cursor and the (partial) word under it; null inside an unclosed quote. */
    private record Words(List<String> before, String current) {
        static Words at(String line, int cursor) {
            String text = line.substring(0, Math.max(0, Math.min(cursor, line.length())));
            List<String> words;
            try {
                words = new ArrayList<>(ShellLine.words(text));
            } catch (IllegalArgumentException e) {
                return null; // inside a quoted value: nothing to offer
            }
            boolean atNewWord = text.isEmpty() || Character.isWhitespace(text.charAt(text.length() - 1));
            String current = atNewWord || words.isEmpty() ? "" : words.removeLast();
            return new Words(words, current);
        }
    }
}
