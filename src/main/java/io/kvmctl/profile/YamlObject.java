package io.kvmctl.profile;

import io.kvmctl.text.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * One YAML mapping of a profile, read with its field path so every problem says where it is. Unknown keys are
 * reported when the object is opened. Getters report a wrong type and return empty, so parsing goes on and finds
 * the other problems too.
 */
final class YamlObject {
    private final JsonNode node;
    private final String path;
    private final Problems problems;

    private YamlObject(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** Opens {@code node} as a mapping with the given keys; empty (and a problem) if it is not a mapping. */
    static Optional<YamlObject> open(JsonNode node, String path, Problems problems, List<String> known) {
        if (!node.isObject()) {
            problems.error(
                    path,
                    "expected a mapping (key: value lines), found " + describe(node),
                    "write it as "
                            + String.join(
                                    ", ", known.stream().map(k -> k + ": ...").toList()));
            return Optional.empty();
        }
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                String field = join(path, key);
                Optional<String> guess = Suggestions.closest(key, known);
                problems.error(
                        field,
                        "unknown key '" + key + "'",
                        guess.map(g -> "did you mean '" + g + "'?")
                                .orElse("known keys here: " + String.join(", ", known)));
            }
        }
        return Optional.of(new YamlObject(node, path, problems));
    }

    String field(String key) {
        return join(path, key);
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    Optional<JsonNode> node(String key) {
        return has(key) ? Optional.of(node.get(key)) : Optional.empty();
    }

    /** One mapping of a list, with its index there (for default names such as {@code disk0}). */
    record Item(int index, YamlObject object) {}

    /**
     * The items of list {@code key}, each opened as a mapping with the {@code known} keys; an item that is not a
     * mapping is reported and left out.
     */
    List<Item> objects(String key, List<String> known) {
        List<JsonNode> items = list(key);
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            open(items.get(i), field(key) + "[" + i + "]", problems, known).ifPresent(o -> out.add(new Item(index, o)));
        }
        return out;
    }

    /** Where this mapping is in the profile ({@code nics[1]}), for problems about it as a whole. */
    String path() {
        return path;
    }

    /** A list's items; empty (and a problem) if the value is not a list, empty if the key is absent. */
    List<JsonNode> list(String key) {
        Optional<JsonNode> n = node(key);
        if (n.isEmpty()) {
            return List.of();
        }
        if (!n.get().isArray()) {
            problems.error(
                    field(key),
                    "expected a list, found " + describe(n.get()),
                    "write each item on a" + " line starting with '- '");
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        n.get().forEach(items::add);
        return items;
    }

    /** A scalar as text; numbers count (so {@code machine: 486} works). Control characters are refused. */
    Optional<String> string(String key) {
        return node(key).flatMap(v -> text(v, field(key), problems));
    }

    static Optional<String> text(JsonNode v, String field, Problems problems) {
        if (!v.isString() && !v.isNumber()) {
            problems.error(field, "expected a text value, found " + describe(v), "write a single value");
            return Optional.empty();
        }
        String s = v.asString();
        if (s.isEmpty()) {
            problems.error(field, "is empty", "give a value or remove the key");
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                problems.error(
                        field,
                        "contains a control character (" + (c == '\n' ? "newline" : String.format("U+%04X", (int) c))
                                + ")",
                        "QEMU arguments must be one line; remove it");
                return Optional.empty();
            }
        }
        return Optional.of(s);
    }

    Optional<Boolean> bool(String key) {
        return node(key).flatMap(v -> {
            if (v.isBoolean()) {
                return Optional.of(v.booleanValue());
            }
            problems.error(field(key), "expected true or false, found " + describe(v), "write true or false");
            return Optional.empty();
        });
    }

    OptionalInt integer(String key, int min, int max) {
        Optional<JsonNode> v = node(key);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        JsonNode n = v.get();
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
            problems.error(
                    field(key),
                    "expected a whole number from " + min + " to " + max + ", found " + describe(n),
                    "write a number in that range");
            return OptionalInt.empty();
        }
        return OptionalInt.of(n.intValue());
    }

    /** One of a fixed set of words, matched case-insensitively against {@code name}. */
    <E extends Enum<E>> Optional<E> choice(String key, Class<E> type, Function<E, String> name) {
        return string(key).flatMap(s -> {
            for (E e : type.getEnumConstants()) {
                if (name.apply(e).equalsIgnoreCase(s)) {
                    return Optional.of(e);
                }
            }
            List<String> names =
                    java.util.Arrays.stream(type.getEnumConstants()).map(name).toList();
            problems.error(
                    field(key),
                    "'" + s + "' is not one of " + String.join(", ", names),
                    Suggestions.closest(s, names)
                            .map(g -> "did you mean '" + g + "'?")
                            .orElse("use one of those"));
            return Optional.empty();
        });
    }

    static String lowerDashed(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isString()) {
            return "'" + v.asString() + "'";
        }
        return v.toString();
    }
}
