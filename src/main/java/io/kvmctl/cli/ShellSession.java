package io.kvmctl.cli;

import io.kvmctl.qapi.QmpIntrospection;
import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpException;
import io.kvmctl.qmp.QmpTimeoutException;
import io.kvmctl.qmp.QmpValidationException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What qmp-shell does with one line, apart from the terminal: {@code COMMAND key=value...}, a raw JSON
 * {@code {"execute": ...}}, or in HMP mode an HMP command line. Returns the text to show.
 */
final class ShellSession {
    private final QmpClient client;
    private final boolean hmp;
    private final Duration timeout;

    /** Loaded at the first TAB or help, once per session (a round trip a piped session without help never pays). */
    private QmpIntrospection schema;
    /** HMP's commands and info topics, loaded like {@link #schema}. */
    private HmpCommands hmpCommands;

    ShellSession(QmpClient client, boolean hmp, Duration timeout) {
        this.client = client;
        this.hmp = hmp;
        this.timeout = timeout;
    }

    String prompt() {
        return hmp ? "(HMP) " : "(QEMU) ";
    }

    /** What became of one line: the text to show, and whether the line was refused, failed in QEMU or ran. */
    record Reply(String text, Outcome outcome) {}

    /** The kinds of {@link Reply}; a piped shell exits with the worst one's code. */
    enum Outcome {
        DONE,
        /** QEMU answered with an error or did not answer in time: exit code 1. */
        FAILED,
        /** The line was not understood (bad JSON, quoting, unknown command or argument); nothing was sent: 2. */
        BAD_INPUT
    }

    /**
     * Runs one line; returns the output, or null for a blank line. QMP errors and bad lines come back as text
     * starting with "error:"; a closed connection throws.
     */
    String run(String line) throws IOException {
        Reply reply = answer(line);
        return reply == null ? null : reply.text();
    }

    /** Like {@link #run}, also saying how the line ended; null for a blank line or a comment. */
    Reply answer(String line) throws IOException {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        try {
            if (hmp) {
                JsonNode out =
                        client.execute("human-monitor-command", Json.object().put("command-line", trimmed), timeout);
                return done(out.asString("").replace("\r\n", "\n").stripTrailing());
            }
            if (trimmed.equals("help") || trimmed.startsWith("help ")) {
                String text = help(ShellLine.words(trimmed));
                return text.startsWith("error: ") ? new Reply(text, Outcome.BAD_INPUT) : done(text);
            }
            String command;
            ObjectNode args;
            if (trimmed.startsWith("{")) {
                JsonNode json = Json.MAPPER.readTree(trimmed);
                command = json.path("execute").asString(null);
                if (command == null) {
                    return bad("a JSON line needs \"execute\": {\"execute\": \"query-status\"}");
                }
                args = json.get("arguments") instanceof ObjectNode o ? o : null;
            } else {
                List<String> words = ShellLine.words(trimmed);
                command = words.get(0);
                args = QmpArguments.parse(words.subList(1, words.size()), null);
            }
            return done(QmpOutput.human(client.execute(command, args, timeout)));
        } catch (QmpException | QmpTimeoutException e) {
            return new Reply("error: " + e.getMessage(), Outcome.FAILED);
        } catch (QmpValidationException | IllegalArgumentException e) {
            return bad(e.getMessage());
        } catch (JacksonException e) {
            return bad("not valid JSON: " + JsonSyntax.describe(e));
        }
    }

    private static Reply done(String text) {
        return new Reply(text, Outcome.DONE);
    }

    private static Reply bad(String what) {
        return new Reply("error: " + what, Outcome.BAD_INPUT);
    }

    /** {@code help} or {@code help CMD} in QMP mode (in HMP mode, HMP's own help answers). */
    private String help(List<String> words) throws IOException {
        return switch (words.size()) {
            case 1 -> QmpHelpText.overview(schema().commandNames());
            case 2 -> QmpHelpText.command(schema(), words.get(1));
            default -> "error: write help or help COMMAND";
        };
    }

    /** TAB's candidates for the word under {@code cursor}; none when the vocabulary cannot be read. */
    List<ShellCompletion.Candidate> complete(String line, int cursor) {
        try {
            return hmp ? ShellCompletion.hmp(hmpCommands(), line, cursor) : ShellCompletion.qmp(schema(), line, cursor);
        } catch (IOException e) {
            return List.of(); // the next command the user runs reports a broken connection
        }
    }

    QmpIntrospection schema() throws IOException {
        if (schema == null) {
            try {
                schema = QmpIntrospection.parse(client.execute("query-qmp-schema", null, timeout));
            } catch (QmpException | QmpValidationException e) {
                // A QEMU without query-qmp-schema (the validator already knows it from query-commands): names only.
                schema = QmpIntrospection.namesOnly(client.schema().commandNames());
            }
        }
        return schema;
    }

    private HmpCommands hmpCommands() throws IOException {
        if (hmpCommands == null) {
            hmpCommands = HmpCommands.parse(hmpText("help"), hmpText("help info"));
        }
        return hmpCommands;
    }

    private String hmpText(String commandLine) throws IOException {
        return client.execute("human-monitor-command", Json.object().put("command-line", commandLine), timeout)
                .asString("");
    }
}
