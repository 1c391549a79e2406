package io.kvmctl.qapi;

import io.kvmctl.qmp.Replies;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * QEMU's commands as its {@code query-qmp-schema} describes them: each command's arguments (name, type, optional) and
 * reply type, for qmp-shell's completion and {@code help CMD}. The introspection masks type names as numbers, so types
 * are described by their shape ({@code str}, {@code [object]}, {@code enum: a|b}), not by their QAPI name. Pure once
 * built.
 */
public final class QmpIntrospection {
    /** Enum values shown in a type's description before the rest is summarised. */
    private static final int SHOWN_ENUM_VALUES = 20;

    /** Union tag values listed in a variant member's note before they are only counted. */
    private static final int MAX_LISTED_CASES = 4;

    /**
     * One argument or reply member.
     *
     * @param type   its type in words ({@code str}, {@code [object]}, {@code enum: a|b|c})
     * @param values the values it takes when that is a closed set (enum values, {@code false}/{@code true}), else empty
     * @param note   empty, or {@code deprecated}, or which variant of the command's union it belongs to
     */
    public record Member(String name, String type, boolean optional, List<String> values, String note) {
        public Member {
            values = List.copyOf(values);
        }
    }

    /** A command's arguments in schema order and its reply: the reply type and, for an object reply, its members. */
    public record Signature(String name, List<Member> arguments, String returns, List<Member> replyMembers) {
        public Signature {
            arguments = List.copyOf(arguments);
            replyMembers = List.copyOf(replyMembers);
        }

        public Optional<Member> argument(String argument) {
            return arguments.stream().filter(m -> m.name().equals(argument)).findFirst();
        }
    }

    private final Map<String, Signature> commands;
    private final boolean described;

    private QmpIntrospection(Map<String, Signature> commands, boolean described) {
        this.commands = commands;
        this.described = described;
    }

    /** From the {@code query-qmp-schema} reply. Lenient: an entity it cannot read is left out, never fatal. */
    public static QmpIntrospection parse(JsonNode schema) {
        Map<String, JsonNode> byName = new HashMap<>();
        schema.forEach(e -> Replies.optionalString(e.get("name")).ifPresent(n -> byName.put(n, e)));
        Types types = new Types(byName);
        Map<String, Signature> commands = new TreeMap<>();
        for (JsonNode entity : schema) {
            Optional<String> name = Replies.optionalString(entity.get("name"));
            if (name.isEmpty() || !"command".equals(metaType(entity))) {
                continue;
            }
            List<Member> arguments = types.members(Replies.stringOr(entity.get("arg-type"), ""), true);
            String retType = Replies.stringOr(entity.get("ret-type"), "");
            commands.put(
                    name.get(),
                    new Signature(name.get(), arguments, types.describe(retType), types.replyMembers(retType)));
        }
        return new QmpIntrospection(commands, true);
    }

    /** Only command names (from {@code query-commands}, where {@code query-qmp-schema} is missing): no arguments. */
    public static QmpIntrospection namesOnly(Set<String> names) {
        Map<String, Signature> commands = new TreeMap<>();
        names.forEach(n -> commands.put(n, new Signature(n, List.of(), "unknown", List.of())));
        return new QmpIntrospection(commands, false);
    }

    /** False when only the names are known ({@link #namesOnly}): then no command's arguments or reply are. */
    public boolean describesCommands() {
        return described;
    }

    public Set<String> commandNames() {
        return commands.keySet();
    }

    public Optional<Signature> command(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    private static String metaType(JsonNode entity) {
        return Replies.stringOr(entity.get("meta-type"), "");
    }

    /** Type descriptions over one schema's entities. */
    private record Types(Map<String, JsonNode> byName) {
        String describe(String type) {
            JsonNode e = byName.get(type);
            if (e == null) {
                return "unknown";
            }
            return switch (metaType(e)) {
                case "builtin" -> type;
                case "enum" -> "enum: " + enumText(enumValues(e));
                case "array" -> "[" + describe(Replies.stringOr(e.get("element-type"), "")) + "]";
                case "alternate" -> {
                    List<String> alternatives = new ArrayList<>();
                    e.path("members").forEach(m -> alternatives.add(describe(Replies.stringOr(m.get("type"), ""))));
                    yield String.join(" or ", alternatives);
                }
                case "object" ->
                    e.path("members").isEmpty() && e.path("variants").isEmpty() ? "{}" : "object";
                default -> metaType(e);
            };
        }

        /** An object's members, including every variant's members when {@code withVariants} (any may be given). */
        List<Member> members(String type, boolean withVariants) {
            Map<String, Member> out = new LinkedHashMap<>();
            JsonNode object = byName.get(type);
            if (object == null || !"object".equals(metaType(object))) {
                return List.of();
            }
            object.path("members").forEach(m -> member(m).ifPresent(x -> out.putIfAbsent(x.name(), x)));
            if (withVariants) {
                variantMembers(object, out);
            }
            return List.copyOf(out.values());
        }

        /**
         * Adds each variant's members, noting which values of the union's tag bring them ({@code when driver=file});
         * a member many variants share is noted by count, not by a list the width of the screen.
         */
        private void variantMembers(JsonNode union, Map<String, Member> out) {
            String tag = Replies.stringOr(union.get("tag"), "");
            Map<String, List<String>> cases = new LinkedHashMap<>();
            Map<String, Member> found = new LinkedHashMap<>();
            for (JsonNode variant : union.path("variants")) {
                String value = Replies.stringOr(variant.get("case"), "?");
                JsonNode variantType = byName.get(Replies.stringOr(variant.get("type"), ""));
                if (variantType == null) {
                    continue;
                }
                for (JsonNode m : variantType.path("members")) {
                    member(m).filter(x -> !out.containsKey(x.name())).ifPresent(x -> {
                        found.putIfAbsent(x.name(), x);
                        cases.computeIfAbsent(x.name(), k -> new ArrayList<>()).add(value);
                    });
                }
            }
            found.forEach((name, m) -> {
                List<String> values = cases.get(name);
                String when = values.size() <= MAX_LISTED_CASES
                        ? "when " + tag + "=" + String.join("|", values)
                        : "with " + values.size() + " values of " + tag;
                String note = m.note().isEmpty() ? when : when + ", " + m.note();
                out.put(name, new Member(name, m.type(), m.optional(), m.values(), note));
            });
        }

        List<Member> replyMembers(String type) {
            JsonNode e = byName.get(type);
            if (e != null && "array".equals(metaType(e))) {
                return members(Replies.stringOr(e.get("element-type"), ""), false);
            }
            return members(type, false);
        }

        private Optional<Member> member(JsonNode m) {
            Optional<String> name = Replies.optionalString(m.get("name"));
            if (name.isEmpty()) {
                return Optional.empty();
            }
            String type = Replies.stringOr(m.get("type"), "");
            boolean deprecated = false;
            for (JsonNode f : m.path("features")) {
                deprecated |= "deprecated".equals(f.asString(""));
            }
            // In the introspection an optional member is one with a "default" key (its value is always null).
            return Optional.of(new Member(
                    name.get(), describe(type), m.has("default"), values(type), deprecated ? "deprecated" : ""));
        }

        private List<String> values(String type) {
            JsonNode e = byName.get(type);
            if (e == null) {
                return List.of();
            }
            if ("enum".equals(metaType(e))) {
                return enumValues(e);
            }
            return "bool".equals(type) ? List.of("false", "true") : List.of();
        }

        private static List<String> enumValues(JsonNode e) {
            List<String> values = new ArrayList<>();
            // QEMU 6.0+ lists "members" with names; older ones only "values".
            e.path("members").forEach(m -> Replies.optionalString(m.get("name")).ifPresent(values::add));
            if (values.isEmpty()) {
                e.path("values").forEach(v -> Replies.optionalString(v).ifPresent(values::add));
            }
            return values;
        }

        private static String enumText(List<String> values) {
            if (values.size() <= SHOWN_ENUM_VALUES) {
                return String.join("|", values);
            }
            return String.join("|", values.subList(0, SHOWN_ENUM_VALUES)) + "|... (" + values.size() + " values)";
        }
    }
}
