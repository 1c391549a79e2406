package io.kvmctl.qmp.script;

import io.kvmctl.text.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A parsed QMP script. The YAML is either a list of steps or an object with {@code timeout} (default per step,
 * 30s when absent) and {@code steps}. A mistake in the file is reported with the step number and the fix.
 */
public record QmpScript(List<ScriptStep> steps, Duration defaultTimeout) {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Set<String> KINDS = Set.of("execute", "wait-event", "hmp", "sleep");

    public QmpScript {
        steps = List.copyOf(steps);
    }

    /** Thrown for a script that cannot run as written. */
    public static final class InvalidScriptException extends Exception {
        public InvalidScriptException(String message) {
            super(message);
        }
    }

    public static QmpScript load(Path file) throws java.io.IOException, InvalidScriptException {
        return parse(Files.readString(file), file.toString());
    }

    public static QmpScript parse(String yaml, String source) throws InvalidScriptException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new InvalidScriptException(source + " is not valid YAML: " + e.getOriginalMessage());
        }
        Duration defaultTimeout = Duration.ofSeconds(30);
        JsonNode steps = root;
        if (root != null && root.isObject()) {
            if (root.has("timeout")) {
                defaultTimeout = duration(root.get("timeout"), source + ": timeout");
            }
            steps = root.get("steps");
        }
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw new InvalidScriptException(source + " has no steps: write a list of steps, or 'steps:' with one");
        }
        List<ScriptStep> parsed = new ArrayList<>();
        int n = 0;
        for (JsonNode step : steps) {
            n++;
            parsed.add(step(step, source + " step " + n, defaultTimeout));
        }
        return new QmpScript(parsed, defaultTimeout);
    }

    private static ScriptStep step(JsonNode step, String where, Duration defaultTimeout) throws InvalidScriptException {
        if (!step.isObject()) {
            throw new InvalidScriptException(where + ": a step is a mapping such as 'execute: query-status'");
        }
        List<String> kinds =
                step.propertyNames().stream().filter(KINDS::contains).toList();
        if (kinds.size() != 1) {
            throw new InvalidScriptException(where + ": a step needs exactly one of execute, wait-event, hmp, sleep"
                    + " (found " + (kinds.isEmpty() ? "none among " + step.propertyNames() : kinds) + ")");
        }
        String kind = kinds.get(0);
        Duration timeout = step.has("timeout") ? duration(step.get("timeout"), where + ": timeout") : defaultTimeout;
        return switch (kind) {
            case "execute" -> {
                allow(step, where, "execute", "arguments", "expect", "expect-error", "timeout");
                JsonNode args = step.get("arguments");
                if (args != null && !args.isObject()) {
                    throw new InvalidScriptException(where + ": arguments must be a mapping");
                }
                yield new ScriptStep.Execute(
                        text(step, "execute", where),
                        (ObjectNode) args,
                        step.get("expect"),
                        step.has("expect-error") ? text(step, "expect-error", where) : null,
                        timeout);
            }
            case "wait-event" -> {
                allow(step, where, "wait-event", "match", "timeout");
                yield new ScriptStep.WaitEvent(text(step, "wait-event", where), step.get("match"), timeout);
            }
            case "hmp" -> {
                allow(step, where, "hmp", "expect", "timeout");
                yield new ScriptStep.Hmp(
                        text(step, "hmp", where), step.has("expect") ? text(step, "expect", where) : null, timeout);
            }
            default -> {
                allow(step, where, "sleep");
                yield new ScriptStep.Sleep(duration(step.get("sleep"), where + ": sleep"));
            }
        };
    }

    private static void allow(JsonNode step, String where, String... keys) throws InvalidScriptException {
        Set<String> allowed = Set.of(keys);
        for (String key : step.propertyNames()) {
            if (!allowed.contains(key)) {
                throw new InvalidScriptException(where + ": unknown key '" + key + "' for " + keys[0] + " (allowed: "
                        + String.join(", ", keys) + ")");
            }
        }
    }

    private static String text(JsonNode step, String key, String where) throws InvalidScriptException {
        JsonNode v = step.get(key);
        // Scalars only: Jackson 3's asString() throws an unchecked exception on a list or mapping.
        if (v == null
                || !(v.isString() || v.isNumber() || v.isBoolean())
                || v.asString().isBlank()) {
            throw new InvalidScriptException(
                    where + ": '" + key + "' needs " + (key.equals("expect") ? "the text to expect" : "a name"));
        }
        return v.asString();
    }

    private static Duration duration(JsonNode value, String where) throws InvalidScriptException {
        if (value == null || !(value.isString() || value.isNumber())) {
            throw new InvalidScriptException(where + ": needs a duration such as 500ms or 2s");
        }
        try {
            return Durations.parse(value.asString());
        } catch (IllegalArgumentException e) {
            throw new InvalidScriptException(where + ": " + e.getMessage());
        }
    }
}
