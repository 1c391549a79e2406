package io.kvmctl.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a whole probe: KVM device, guest, host facts, requirements, into one {@link ProbeReport}. */
public final class Probe {
    /** What to probe: the device, whether to run guest code, the timing loop length and the requirements. */
    public record Options(String device, boolean runGuest, int loopExits, List<Requirement> requirements) {
        public Options {
            requirements = List.copyOf(requirements);
        }
    }

    private Probe() {}

    public static ProbeReport run(Options options) {
        HostFactsReader.QemuQueries qemu = HostFactsReader.QemuQueries.start();
        KvmFacts kvm = KvmFactsReader.read(options.device(), options.runGuest(), options.loopExits());
        HostFacts host = HostFactsReader.read(qemu.collect(), kvm.vmCreated());
        return report(kvm, host, options.requirements());
    }

    /** Pure: the report for given facts. */
    public static ProbeReport report(KvmFacts kvm, HostFacts host, List<Requirement> requirements) {
        List<Check> checks = new ArrayList<>(HostChecks.checks(kvm, host));
        List<Check> base = List.copyOf(checks);
        for (Requirement r : requirements) {
            checks.add(r.evaluate(base, kvm.capabilities()));
        }
        Map<String, Long> figures = new LinkedHashMap<>();
        kvm.guest().filter(ProbeGuest.Result::ok).ifPresent(g -> {
            figures.put("create_vm_to_hlt_us", g.createVmToHltNanos() / 1000);
            figures.put("io_exit_round_trip_ns", g.loopExitNanos());
            figures.put("guest_exits", (long) g.exits());
        });
        return new ProbeReport(kvm.device(), checks, kvm.capabilities(), figures);
    }
}
