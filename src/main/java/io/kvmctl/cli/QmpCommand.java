package io.kvmctl.cli;

import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpException;
import io.kvmctl.qmp.QmpValidationException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code kvmctl qmp}: runs one QMP command and prints its reply. */
@Command(
        name = "qmp",
        mixinStandardHelpOptions = true,
        description = {
            "Run one QMP command on a running QEMU and print the reply.",
            "Arguments: key=value (dotted keys nest: a.b=1; values are JSON when they parse as JSON, else strings)"
                    + " and/or --args JSON."
        },
        footer = {
            "%nExamples:",
            "  kvmctl qmp --socket /run/vm1/qmp.sock query-status",
            "  kvmctl qmp --socket qmp.sock netdev_add type=user id=net1",
            "  kvmctl qmp --socket qmp.sock blockdev-add driver=file node-name=d0 filename=/tmp/d.raw",
            "  kvmctl qmp --socket qmp.sock human-monitor-command command-line='info registers'",
            "%nExit codes: 0 success, 1 QEMU answered with an error, 2 bad input or no connection."
        })
public final class QmpCommand implements Callable<Integer> {
    @Mixin
    QmpTarget target;

    @Parameters(
            index = "1..*",
            paramLabel = "COMMAND [key=value...]",
            description = "The QMP command, then its arguments as key=value.")
    List<String> rest;

    @Option(
            names = "--args",
            paramLabel = "JSON",
            description = "Arguments as a JSON object (key=value pairs go on top).")
    String argsJson;

    @Option(names = "--json", description = "Print QEMU's reply as one JSON object ({\"return\": ...}).")
    boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long to wait for connecting and for the reply: " + DurationConverter.SYNTAX
                    + " (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--no-validate",
            negatable = false,
            description = "Do not check the command and argument names against QEMU's schema before sending.")
    boolean noValidate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> operands = target.operands(rest);
        if (operands.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing the QMP COMMAND to run");
        }
        String command = operands.get(0);
        ObjectNode args;
        try {
            args = QmpArguments.parse(operands.subList(1, operands.size()), argsJson);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (QmpClient client = QmpConnections.openForCommand(target, timeout, !noValidate)) {
            Verbosity.detail(spec, "kvmctl qmp: -> " + command + (args == null || args.isEmpty() ? "" : " " + args));
            long sent = System.nanoTime();
            JsonNode value = client.execute(command, args, timeout);
            Verbosity.detail(
                    spec,
                    String.format(
                            java.util.Locale.ROOT,
                            "kvmctl qmp: <- reply in %.1f ms, %d bytes",
                            (System.nanoTime() - sent) / 1e6,
                            Json.MAPPER.writeValueAsString(value).length()));
            if (json) {
                ObjectNode reply = Json.object();
                reply.set("return", value);
                out.println(Json.MAPPER.writeValueAsString(reply));
            } else {
                out.println(QmpOutput.human(value));
            }
            out.flush();
            return 0;
        } catch (QmpValidationException e) {
            err.println("kvmctl: " + e.getMessage());
            return KvmctlCommand.EXIT_USAGE;
        } catch (QmpException e) {
            if (json) {
                ObjectNode reply = Json.object();
                reply.putObject("error").put("class", e.errorClass()).put("desc", e.description());
                out.println(Json.MAPPER.writeValueAsString(reply));
                out.flush();
            }
            err.println("kvmctl: " + e.getMessage());
            return KvmctlCommand.EXIT_NEGATIVE;
        }
    }
}
