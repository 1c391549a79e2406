package io.kvmctl.resources;

import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qapi.VcpuInfo;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.sys.CpuAffinity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * vCPU threads and their host CPU affinity, from {@code query-cpus-fast} thread ids. Reached from a VM as
 * {@code vm.vcpus()}.
 */
public final class VcpuPinning {
    private static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");

    /** One vCPU: its index, host thread and the host CPUs it may run on. */
    public record Vcpu(int index, long threadId, String cpus) {}

    private final QmpClient qmp;

    public VcpuPinning(QmpClient qmp) {
        this.qmp = qmp;
    }

    /** Every vCPU with its thread and the host CPUs it may run on now. */
    public List<Vcpu> list() throws IOException {
        List<Vcpu> out = new ArrayList<>();
        for (VcpuInfo c : new QmpCommands(qmp).queryCpusFast()) {
            out.add(new Vcpu(c.cpuIndex(), c.threadId(), CpuList.format(CpuAffinity.get(c.threadId()))));
        }
        return out;
    }

    /** Checks the whole spec against the VM and the host first, then pins: all or (on a late failure) some. */
    public List<Vcpu> pin(PinSpec spec) throws IOException {
        List<VcpuInfo> cpus = new QmpCommands(qmp).queryCpusFast();
        BitSet online = online();
        for (Map.Entry<Integer, BitSet> e : spec.pins().entrySet()) {
            if (cpus.stream().noneMatch(c -> c.cpuIndex() == e.getKey())) {
                throw new IllegalArgumentException(
                        "the VM has no vCPU " + e.getKey() + "; it has vCPUs 0-" + (cpus.size() - 1));
            }
            BitSet offline = (BitSet) e.getValue().clone();
            offline.andNot(online);
            if (!offline.isEmpty()) {
                throw new IllegalArgumentException("host CPU " + CpuList.format(offline) + " is not online; this host"
                        + " has CPUs " + CpuList.format(online));
            }
        }
        for (VcpuInfo c : cpus) {
            BitSet target = spec.pins().get(c.cpuIndex());
            if (target != null) {
                CpuAffinity.set(c.threadId(), target);
            }
        }
        return list();
    }

    static BitSet online() throws IOException {
        return CpuList.parse(Files.readString(ONLINE));
    }
}
