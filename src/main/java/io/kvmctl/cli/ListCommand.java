package io.kvmctl.cli;

import io.kvmctl.text.Durations;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List this user's VMs with their state (exited ones too, until 'down').")
final class ListCommand extends VmCommand {
    @Option(names = "--json", description = "Print as a JSON array")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<VmStatus> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : root().names()) {
            try (Vm vm = attach(name)) {
                all.add(vm.status());
            } catch (IOException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        if (json) {
            out().println(CliJson.write(all));
        } else if (all.isEmpty()) {
            out().println("no VMs (in " + root().path() + "); start one with: kvmctl up PROFILE");
        } else {
            out().printf("%-20s %-13s %8s %-10s %-6s%n", "NAME", "STATE", "PID", "UPTIME", "ACCEL");
            for (VmStatus s : all) {
                out().printf(
                                "%-20s %-13s %8d %-10s %-6s%n",
                                s.name(),
                                s.state(),
                                s.pid(),
                                s.uptime() == null ? "-" : Durations.human(s.uptime()),
                                s.accel() == null ? "-" : s.accel());
            }
        }
        problems.forEach(p -> err().println("kvmctl list: " + p));
        return problems.isEmpty() ? 0 : KvmctlCommand.EXIT_USAGE;
    }
}
