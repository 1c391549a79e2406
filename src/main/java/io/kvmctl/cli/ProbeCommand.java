package io.kvmctl.cli;

import io.kvmctl.kvm.Kvm;
import io.kvmctl.probe.Probe;
import io.kvmctl.probe.ProbeGuest;
import io.kvmctl.probe.ProbeReport;
import io.kvmctl.probe.ProbeReportJson;
import io.kvmctl.probe.ProbeReportTable;
import io.kvmctl.probe.Requirement;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kvmctl probe}: can this host run accelerated guests? Asks the kernel and runs guest code to find out. */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = {
            "Check whether this host can run KVM guests: open the KVM device, check its API and"
                    + " capabilities, run a few bytes of real-mode guest code, and report the host facts around it."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:guest code ran under KVM (or, with --no-run, KVM created a VM)",
            "1:KVM is not usable here, or a --require condition does not hold (the first failing check says why)",
            "2:usage error or internal error",
        })
public final class ProbeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--device", paramLabel = "PATH", description = "KVM device (default: ${DEFAULT-VALUE})")
    String device = Kvm.DEFAULT_DEVICE;

    @Option(names = "--no-run", description = "do not run guest code; stop after KVM_CREATE_VM")
    boolean noRun;

    @Option(names = "--json", description = "print the report as JSON (schema kvmctl.probe/2, see docs/probe.md)")
    boolean json;

    @Option(
            names = "--require",
            paramLabel = "NAME[>=N],...",
            description = "fail (exit 1) unless each capability (e.g. NR_VCPUS>=8, IRQFD) or check id (e.g."
                    + " vhost-net) is present / passes")
    String require;

    @Option(
            names = "--exits",
            paramLabel = "N",
            description = "I/O exits in the timing loop, 1..65535" + " (default: ${DEFAULT-VALUE})")
    int exits = ProbeGuest.DEFAULT_LOOP_EXITS;

    @Override
    public Integer call() {
        List<Requirement> requirements;
        try {
            requirements = require == null ? List.of() : Requirement.parseAll(require);
        } catch (Requirement.BadRequirement e) {
            spec.commandLine().getErr().println("kvmctl probe: " + e.getMessage());
            return KvmctlCommand.EXIT_USAGE;
        }
        if (exits < 1 || exits > 0xFFFF) {
            spec.commandLine().getErr().println("kvmctl probe: --exits must be 1..65535, not " + exits);
            return KvmctlCommand.EXIT_USAGE;
        }
        ProbeReport report = Probe.run(new Probe.Options(device, !noRun, exits, requirements));
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(ProbeReportJson.toText(report));
        } else {
            out.print(ProbeReportTable.render(report, Terminal.colours()));
        }
        out.flush();
        return report.verdict().exitCode();
    }
}
