package io.kvmctl.qmp.script;

import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One step of a {@link QmpScript}. */
public sealed interface ScriptStep {
    /** How the report names the step: {@code execute query-status}. */
    String describe();

    /**
     * Run a QMP command. With {@code expect}, the reply's return value must contain it ({@link JsonSubset});
     * with {@code expectError}, the command must fail with that QMP error class.
     */
    record Execute(String command, ObjectNode arguments, JsonNode expect, String expectError, Duration timeout)
            implements ScriptStep {
        @Override
        public String describe() {
            return "execute " + command;
        }
    }

    /** Wait for an event whose data contains {@code match} (may be null). */
    record WaitEvent(String name, JsonNode match, Duration timeout) implements ScriptStep {
        @Override
        public String describe() {
            return "wait-event " + name;
        }
    }

    /** Run an HMP command; with {@code expect}, its output must contain that text. */
    record Hmp(String commandLine, String expect, Duration timeout) implements ScriptStep {
        @Override
        public String describe() {
            return "hmp " + commandLine;
        }
    }

    record Sleep(Duration duration) implements ScriptStep {
        @Override
        public String describe() {
            return "sleep " + duration.toMillis() + "ms";
        }
    }
}
