package io.kvmctl.cli;

import io.kvmctl.stats.StatsTable;
import io.kvmctl.stats.VmStats;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description =
                "Show a VM's CPU time and load (in all and per vCPU thread), memory, block I/O per disk, network bytes per"
                        + " NIC, run state and uptime.")
final class StatsCommand extends VmCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
    String name;

    @Option(names = "--json", description = "Print as JSON")
    boolean json;

    @Option(
            names = "--interval",
            paramLabel = "MS",
            defaultValue = "500",
            description = "CPU load sampling interval in milliseconds (default: ${DEFAULT-VALUE})")
    int intervalMillis;

    @Override
    public Integer call() {
        if (intervalMillis < 10 || intervalMillis > 60_000) {
            return fail("--interval must be 10 to 60000 ms");
        }
        try (Vm vm = attach(name)) {
            VmStats s = vm.stats(Duration.ofMillis(intervalMillis));
            out().print(json ? CliJson.write(s) + "\n" : StatsTable.report(s));
            out().flush();
            return "exited".equals(s.state()) ? KvmctlCommand.EXIT_NEGATIVE : 0;
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
    }
}
