package io.kvmctl.cli;

import io.kvmctl.cli.json.CpusJson;
import io.kvmctl.resources.PinSpec;
import io.kvmctl.resources.VcpuPinning;
import io.kvmctl.text.TextTable;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "cpus",
        mixinStandardHelpOptions = true,
        description = "Show a running VM's vCPU threads and pin them to host CPUs.")
final class CpusCommand extends VmCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
    String name;

    @Option(names = "--pin", paramLabel = "VCPU=CPUS", description = "e.g. 0=1,1=0, or 0=0-1;1=2-3 with ranges")
    String pin;

    @Option(names = "--json", description = "Print as JSON")
    boolean json;

    @Override
    public Integer call() {
        PinSpec spec = null;
        if (pin != null) {
            try {
                spec = PinSpec.parse(pin);
            } catch (IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }
        try (Vm vm = attach(name)) {
            List<VcpuPinning.Vcpu> vcpus =
                    spec == null ? vm.vcpus().list() : vm.vcpus().pin(spec);
            if (json) {
                out().println(CliJson.write(CpusJson.KIND, CpusJson.of(name, vcpus)));
                return 0;
            }
            TextTable table =
                    TextTable.withHeaders("VCPU", "THREAD", "HOST CPUS").alignRight(0, 1);
            for (VcpuPinning.Vcpu v : vcpus) {
                table.row(v.index(), v.threadId(), v.cpus());
            }
            out().print(table.render());
            out().flush(); // print() does not flush an autoflush writer, and Main exits without closing it
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
    }
}
