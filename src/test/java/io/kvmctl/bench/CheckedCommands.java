package io.kvmctl.bench;

import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Commands whose replies tell which VM and which command they answer, so a reply routed to the wrong caller is
 * seen: {@code query-name} names the VM (a reply from another VM's connection differs), and
 * {@code query-command-line-options option=X} names X (a reply to another command on the same connection differs).
 */
final class CheckedCommands {
    /** One command to send and the check its reply must pass. */
    record Command(String name, ObjectNode arguments, String expected) {
        boolean matches(JsonNode reply) {
            return expected.equals(answerOf(this, reply));
        }
    }

    private final List<String> options;

    private CheckedCommands(List<String> options) {
        this.options = List.copyOf(options);
    }

    /** Asks one QEMU which command-line options it knows and keeps those with short replies. */
    static CheckedCommands discover(QmpClient qmp) throws IOException {
        List<String> small = new ArrayList<>();
        for (JsonNode option : qmp.execute("query-command-line-options")) {
            String name = option.path("option").asString("");
            // A plain name also needs no quoting in the CLI's YAML scripts (QEMU 7.2 lists one with name "").
            if (option.path("parameters").size() <= 6 && name.matches("[a-z][a-z0-9_-]*")) {
                small.add(name);
            }
        }
        if (small.size() < 4) {
            throw new IOException("QEMU lists only " + small + " as small command-line options; need 4");
        }
        return new CheckedCommands(small);
    }

    List<String> options() {
        return options;
    }

    /** Command number {@code i} for VM {@code vmName}: every fifth is query-name, the others cycle the options. */
    Command command(int i, String vmName) {
        if (i % 5 == 0) {
            return new Command("query-name", null, vmName);
        }
        String option = options.get(i % options.size());
        ObjectNode args = Json.object();
        args.put("option", option);
        return new Command("query-command-line-options", args, option);
    }

    /** What the reply says it answers: the VM name, or the option it describes. */
    static String answerOf(Command command, JsonNode reply) {
        if (command.name().equals("query-name")) {
            return reply.path("name").asString("(no name)");
        }
        return reply.size() == 1
                ? reply.get(0).path("option").asString("(no option)")
                : "(" + reply.size() + " options)";
    }
}
