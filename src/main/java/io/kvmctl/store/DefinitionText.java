package io.kvmctl.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The stored copy of a profile: the user's text with its relative paths written out in full (they were relative to
 * a folder the copy does not live in) and, with {@code define --name}, its name replaced. Only those scalars change,
 * in place, so the user's comments, order and layout survive into the copy that {@code kvmctl edit} opens.
 */
public final class DefinitionText {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private DefinitionText() {}

    /**
     * The copy of {@code text}: each field of {@code relativePaths} (as the profile loader names fields, e.g.
     * {@code disks[0].file}) gets its absolute path, and {@code name}, when given, replaces the profile's name.
     *
     * @throws IllegalArgumentException when a field is not a plain one-line scalar of the text (a block scalar, an
     *     alias): the caller refuses to define rather than store a copy that means something else
     */
    public static String of(String text, Map<String, Path> relativePaths, Optional<String> name) {
        Map<String, String> wanted = new HashMap<>();
        relativePaths.forEach((field, path) -> wanted.put(pointer(field), path.toString()));
        name.ifPresent(n -> wanted.put("/name", n));
        List<Edit> edits = new ArrayList<>();
        LineStarts lines = new LineStarts(text);
        try (JsonParser p = YAML.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (!t.isScalarValue()) {
                    continue;
                }
                String at = p.streamReadContext().pathAsPointer().toString();
                String replacement = wanted.remove(at);
                if (replacement != null) {
                    edits.add(scalarEdit(text, lines, p.currentTokenLocation(), p.getString(), replacement, at));
                }
            }
        }
        String missingName = wanted.remove("/name");
        if (!wanted.isEmpty()) {
            throw new IllegalArgumentException("could not find " + wanted.keySet() + " in the profile's text");
        }
        StringBuilder out = new StringBuilder(text);
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        for (Edit e : edits) {
            out.replace(e.start, e.end, e.text);
        }
        if (missingName != null) {
            out.insert(0, "name: " + quoted(missingName) + "\n");
        }
        return out.toString();
    }

    /** {@code disks[0].file} as the JSON pointer the parser reports, {@code /disks/0/file}. */
    static String pointer(String field) {
        return "/" + field.replace("[", ".").replace("]", "").replace('.', '/');
    }

    private record Edit(int start, int end, String text) {}

    private static Edit scalarEdit(
            String text, LineStarts lines, TokenStreamLocation at, String value, String replacement, String field) {
        int start = lines.offset(at.getLineNr(), at.getColumnNr());
        int end = scalarEnd(text, start, value);
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException(field.substring(1).replace('/', '.')
                    + ": write it as a one-line value (plain or quoted) so kvmctl can store the profile");
        }
        return new Edit(start, end, quoted(replacement));
    }

    /** Where the scalar starting at {@code start} ends, or -1 when it is not a one-line plain or quoted scalar. */
    private static int scalarEnd(String text, int start, String value) {
        if (start < 0 || start >= text.length()) {
            return -1;
        }
        char first = text.charAt(start);
        if (first == '"' || first == '\'') {
            for (int i = start + 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n') {
                    return -1;
                }
                if (first == '"' && c == '\\') {
                    i++; // an escaped character, whatever it is
                } else if (c == first) {
                    if (first == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                        i++; // '' is a quote inside a single-quoted scalar
                    } else {
                        return i + 1;
                    }
                }
            }
            return -1;
        }
        return text.startsWith(value, start) && !value.contains("\n") ? start + value.length() : -1;
    }

    /** A YAML double-quoted scalar: JSON's escapes, which YAML shares. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Turns the parser's 1-based line and column into an offset of the text. */
    private static final class LineStarts {
        private final List<Integer> starts = new ArrayList<>();
        private final int length;

        LineStarts(String text) {
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            length = text.length();
        }

        int offset(int line, int column) {
            if (line < 1 || line > starts.size() || column < 1) {
                return -1;
            }
            int offset = starts.get(line - 1) + column - 1;
            return offset <= length ? offset : -1;
        }
    }
}
