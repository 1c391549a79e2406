package io.kvmctl.cli.json;

import io.kvmctl.resources.VcpuPinning;
import java.util.List;

/** {@code kvmctl cpus --json} ({@code kvmctl.cpus/1}): each vCPU's host thread and the host CPUs it may run on. */
public record CpusJson(String name, List<Vcpu> vcpus) {
    public static final String KIND = "kvmctl.cpus/1";

    public record Vcpu(int index, long threadId, String hostCpus) {}

    public static CpusJson of(String vm, List<VcpuPinning.Vcpu> vcpus) {
        return new CpusJson(
                vm,
                vcpus.stream()
                        .map(v -> new Vcpu(v.index(), v.threadId(), v.cpus()))
                        .toList());
    }
}
