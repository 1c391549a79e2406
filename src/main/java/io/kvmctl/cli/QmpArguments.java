package io.kvmctl.cli;

import io.kvmctl.qmp.Json;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds QMP arguments from the command line: {@code --args JSON} as the base, then {@code key=value} pairs on
 * top. Dotted keys nest ({@code a.b=1} is {@code {"a": {"b": 1}}}); a value that parses as JSON is taken as
 * JSON ({@code 1}, {@code true}, {@code [1,2]}, {@code "quoted"}), anything else as a string. Pure.
 */
final class QmpArguments {
    private QmpArguments() {}

    static ObjectNode parse(List<String> pairs, String argsJson) {
        ObjectNode args = Json.object();
        if (argsJson != null) {
            JsonNode base;
            try {
                base = Json.MAPPER.readTree(argsJson);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("--args is not valid JSON: " + JsonSyntax.describe(e)
                        + "; give one JSON object, e.g. --args '{\"id\": \"nic1\"}'");
            }
            if (!base.isObject()) {
                throw new IllegalArgumentException("--args must be a JSON object, like '{\"id\": \"nic1\"}'");
            }
            args.setAll((ObjectNode) base);
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + pair + "' is not key=value");
            }
            put(args, pair.substring(0, eq), value(pair.substring(eq + 1)));
        }
        return args;
    }

    static JsonNode value(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            return Json.MAPPER.getNodeFactory().stringNode(text);
        }
    }

    private static void put(ObjectNode root, String key, JsonNode value) {
        String[] path = key.split("\\.", -1);
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            if (path[i].isEmpty()) {
                throw new IllegalArgumentException("key '" + key + "' has an empty part");
            }
            JsonNode child = node.get(path[i]);
            if (child == null) {
                node = node.putObject(path[i]);
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else {
                throw new IllegalArgumentException("key '" + key + "': '" + path[i] + "' already has the value " + child
                        + ", so it cannot also hold '" + path[i + 1] + "'");
            }
        }
        String last = path[path.length - 1];
        if (last.isEmpty()) {
            throw new IllegalArgumentException("key '" + key + "' has an empty part");
        }
        node.set(last, value);
    }
}
