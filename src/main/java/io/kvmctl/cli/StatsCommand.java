package io.kvmctl.cli;

import io.kvmctl.cli.json.StatsJson;
import io.kvmctl.stats.StatsTable;
import io.kvmctl.stats.VmStats;
import io.kvmctl.text.Durations;
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
            paramLabel = "DURATION",
            defaultValue = "500ms",
            converter = DurationConverter.class,
            description = "CPU load sampling interval, 10ms to 60s: " + DurationConverter.SYNTAX
                    + " (it was milliseconds before: write 500ms, not 500) (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Override
    public Integer call() {
        if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofSeconds(60)) > 0) {
            return fail("--interval " + Durations.format(interval) + " is out of range: give 10ms to 60s"
                    + " (a bare number is seconds: write 500ms for half a second)");
        }
        try (Vm vm = attach(name)) {
            VmStats s = vm.stats(interval);
            out().print(json ? CliJson.write(StatsJson.KIND, StatsJson.of(s)) + "\n" : StatsTable.report(s));
            out().flush();
            return "exited".equals(s.state()) ? KvmctlCommand.EXIT_NEGATIVE : 0;
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
    }
}
