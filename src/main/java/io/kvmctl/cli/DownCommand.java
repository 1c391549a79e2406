package io.kvmctl.cli;

import io.kvmctl.cli.json.StopJson;
import io.kvmctl.vm.StopReport;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = {
            "Stop a VM gracefully, or clean up one whose QEMU has exited.",
            "Steps: ACPI power button, then (with 'agent: true') the guest agent's guest-shutdown, then QMP quit, then"
                    + " SIGTERM, then SIGKILL, each with a timeout. Says which step ended it, then removes the VM's"
                    + " runtime directory."
        })
final class DownCommand extends VmCommand {
    @Parameters(paramLabel = "NAME", description = "The VM")
    String name;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.ZeroAllowed.class,
            description = "How long the guest may take to power off after the power button, and again after"
                    + " guest-shutdown through its agent: " + DurationConverter.SYNTAX + " (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--force", description = "Skip the ACPI power button and the guest agent: quit, then signals")
    boolean force;

    @Option(names = "--json", description = "Print the stop report as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StopReport report;
        try (Vm vm = attach(name)) {
            report = vm.stop(timeout, force);
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        String unrecorded = LastStops.record(report);
        if (json) {
            out().println(CliJson.write(StopJson.KIND, StopJson.of(report)));
            return 0;
        }
        out().printf(
                        "VM %s is down after %.1f s: %s%n",
                        report.name(),
                        report.took().toMillis() / 1000.0,
                        report.step().description());
        if (report.exitStatus() != null) {
            out().println("  QEMU " + report.exitStatus().describe());
        }
        report.notes().forEach(n -> out().println("  note: " + n));
        if (unrecorded != null) {
            out().println("  note: " + unrecorded);
        }
        return 0;
    }
}
