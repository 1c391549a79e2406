package io.kvmctl.cli;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.script.QmpScript;
import io.kvmctl.qmp.script.ScriptReport;
import io.kvmctl.qmp.script.ScriptRunner;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kvmctl script}: runs a YAML list of QMP steps and reports the first that does not hold. */
@Command(
        name = "script",
        mixinStandardHelpOptions = true,
        description = {
            "Run a QMP script (YAML): steps execute (with expect), wait-event, hmp and sleep.",
            "Stops at the first step that does not hold and reports what was expected and what came.",
            "The format is described in README.md, section QMP."
        },
        footer = {"%nExit codes: 0 every step held, 1 a step failed, 2 bad script or no connection."})
public final class ScriptCommand implements Callable<Integer> {
    @Mixin
    QmpTarget target;

    @Parameters(index = "1..*", paramLabel = "FILE.yaml", description = "The script.")
    List<String> rest;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> operands = target.operands(rest);
        if (operands.size() != 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    operands.isEmpty() ? "missing the script FILE.yaml" : "give one script file, got " + operands);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        QmpScript script;
        try {
            script = QmpScript.load(Path.of(operands.get(0)));
        } catch (NoSuchFileException e) {
            err.println("kvmctl: no script at " + operands.get(0));
            return KvmctlCommand.EXIT_USAGE;
        } catch (QmpScript.InvalidScriptException e) {
            err.println("kvmctl: " + e.getMessage());
            return KvmctlCommand.EXIT_USAGE;
        }
        // The global -q (KvmctlCommand): do not print each step as it starts.
        boolean quiet = Verbosity.of(spec) == Verbosity.QUIET;
        try (QmpClient client = QmpConnections.open(target, Duration.ofSeconds(10), false)) {
            ScriptReport report = new ScriptRunner(client, line -> {
                        if (!quiet) {
                            out.println(line);
                            out.flush();
                        }
                    })
                    .run(script);
            (report.passed() ? out : err).println(report.text());
            out.flush();
            err.flush();
            return report.passed() ? 0 : KvmctlCommand.EXIT_NEGATIVE;
        }
    }
}
