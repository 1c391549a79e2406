package io.kvmctl.qmp;

import io.kvmctl.text.Suggestions;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The commands of one live QEMU and their argument names, from {@code query-qmp-schema} (or, when that is
 * missing, only the names from {@code query-commands}). Lets a typo fail before sending, with a suggestion:
 * {@code unknown QMP command 'query-staus'; did you mean 'query-status'?}. Pure once built.
 */
public final class QmpSchema {
    /**
     * Commands QEMU declares with {@code 'gen': false}: they take properties beyond their declared arguments
     * (device_add passes any device property through), so only their command name is checked.
     */
    private static final Set<String> OPEN_ARGUMENTS = Set.of("device_add");

    /** Command name to its argument names, or to null when the arguments are unknown. */
    private final Map<String, Set<String>> commands;

    QmpSchema(Map<String, Set<String>> commands) {
        this.commands = commands;
    }

    static QmpSchema load(QmpClient client, Duration timeout) throws IOException {
        try {
            return fromIntrospection(client.execute("query-qmp-schema", null, timeout));
        } catch (QmpException e) {
            return fromCommandList(client.execute("query-commands", null, timeout));
        }
    }

    /** From the {@code query-commands} reply: names only. */
    public static QmpSchema fromCommandList(JsonNode commandList) {
        Map<String, Set<String>> commands = new TreeMap<>();
        // Lenient: an entry without a string name is skipped (a schema is advice, not something to fail on).
        commandList.forEach(c -> Replies.optionalString(c.get("name")).ifPresent(n -> commands.put(n, null)));
        return new QmpSchema(commands);
    }

    /** From the {@code query-qmp-schema} reply: names and, for each command, its argument names. */
    public static QmpSchema fromIntrospection(JsonNode schema) {
        Map<String, JsonNode> byName = new HashMap<>();
        schema.forEach(entity -> Replies.optionalString(entity.get("name")).ifPresent(n -> byName.put(n, entity)));
        Map<String, Set<String>> commands = new TreeMap<>();
        for (JsonNode entity : schema) {
            Optional<String> name = Replies.optionalString(entity.get("name"));
            if ("command".equals(Replies.stringOr(entity.get("meta-type"), "")) && name.isPresent()) {
                Set<String> args = new TreeSet<>();
                collectMembers(byName, Replies.stringOr(entity.get("arg-type"), ""), args, new java.util.HashSet<>());
                commands.put(name.get(), args);
            }
        }
        return new QmpSchema(commands);
    }

    /** Members of an object type, including those of every variant of a union (any of them may be given). */
    private static void collectMembers(Map<String, JsonNode> byName, String type, Set<String> into, Set<String> seen) {
        JsonNode object = byName.get(type);
        if (object == null || !seen.add(type) || !"object".equals(Replies.stringOr(object.get("meta-type"), ""))) {
            return;
        }
        object.path("members")
                .forEach(m -> Replies.optionalString(m.get("name")).ifPresent(into::add));
        object.path("variants").forEach(v -> collectMembers(byName, Replies.stringOr(v.get("type"), ""), into, seen));
    }

    /** Version of the {@link #toCacheJson()} layout: a file of another version is fetched again. */
    static final int CACHE_FORMAT = 1;

    /** What {@link QmpSchemaCache} keeps: {@code {"format": 1, "commands": {"name": ["arg", ...] or null}}}. */
    public ObjectNode toCacheJson() {
        ObjectNode root = Json.object().put("format", CACHE_FORMAT);
        ObjectNode byName = root.putObject("commands");
        commands.forEach((name, args) -> {
            if (args == null) {
                byName.putNull(name);
            } else {
                args.forEach(byName.putArray(name)::add);
            }
        });
        return root;
    }

    /** The inverse of {@link #toCacheJson()}; throws {@link IllegalArgumentException} on anything else. */
    public static QmpSchema fromCacheJson(JsonNode root) {
        if (root.path("format").asInt(0) != CACHE_FORMAT
                || !root.path("commands").isObject()) {
            throw new IllegalArgumentException("not a QMP schema cache file of format " + CACHE_FORMAT);
        }
        Map<String, Set<String>> commands = new TreeMap<>();
        for (Map.Entry<String, JsonNode> command : root.path("commands").properties()) {
            JsonNode args = command.getValue();
            if (args.isNull()) {
                commands.put(command.getKey(), null);
            } else if (args.isArray()) {
                Set<String> names = new TreeSet<>();
                args.forEach(a -> names.add(a.asString()));
                commands.put(command.getKey(), names);
            } else {
                throw new IllegalArgumentException("arguments of " + command.getKey() + " are not a list");
            }
        }
        return new QmpSchema(commands);
    }

    public Set<String> commandNames() {
        return commands.keySet();
    }

    public boolean hasCommand(String name) {
        return commands.containsKey(name);
    }

    /** Argument names of {@code command}, empty when unknown (or when only query-commands was available). */
    public Optional<Set<String>> argumentNames(String command) {
        return Optional.ofNullable(commands.get(command));
    }

    /** Throws when {@code command} or one of the argument names is unknown to this QEMU. */
    public void validate(String command, ObjectNode arguments) throws QmpValidationException {
        if (!commands.containsKey(command)) {
            String hint = Suggestions.closest(command, commands.keySet())
                    .map(s -> "; did you mean '" + s + "'?")
                    .orElse("; 'query-commands' lists the commands this QEMU knows");
            throw new QmpValidationException("unknown QMP command '" + command + "'" + hint);
        }
        Set<String> known = commands.get(command);
        if (known == null || arguments == null || OPEN_ARGUMENTS.contains(command)) {
            return;
        }
        for (String name : arguments.propertyNames()) {
            if (!known.contains(name)) {
                String hint = Suggestions.closest(name, known)
                        .map(s -> "; did you mean '" + s + "'?")
                        .orElse(known.isEmpty() ? "; it takes no arguments" : "; it takes " + String.join(", ", known));
                throw new QmpValidationException("QMP command '" + command + "' has no argument '" + name + "'" + hint);
            }
        }
    }
}
