package io.kvmctl.stats;

import java.time.Duration;
import java.util.List;

/**
 * One VM's figures at one moment.
 *
 * @param cpuSeconds CPU time QEMU's threads have used since it started (host view: vCPUs, I/O, emulation)
 * @param cpuPercent their load over the sampling interval; 100 = one host CPU busy
 * @param cpuThrottledSeconds how long QEMU's threads waited for lack of CPU quota since it started (its cgroup's
 *     {@code cpu.stat}); null when the VM has no cgroup
 * @param rssBytes QEMU's resident memory
 * @param balloonBytes the guest's memory as the balloon sees it, null without a balloon
 * @param vcpus QEMU's vCPU threads by name ({@code CPU 0/TCG}, {@code CPU 1/KVM}, ...), in vCPU order; empty for a
 *     QEMU that named no threads (started without {@code debug-threads=on}) or that no longer runs
 * @param note what could not be measured, or null
 */
public record VmStats(
        String name,
        String state,
        Duration uptime,
        int pid,
        double cpuSeconds,
        double cpuPercent,
        Double cpuThrottledSeconds,
        long rssBytes,
        Long balloonBytes,
        List<Disk> disks,
        List<Nic> nics,
        List<Vcpu> vcpus,
        String note) {

    public VmStats {
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
        vcpus = List.copyOf(vcpus);
    }

    /**
     * One vCPU thread of QEMU, as the host sees it.
     *
     * @param thread the name QEMU gave it ({@code CPU 0/TCG}; {@code ALL CPUs/TCG} when one thread runs them all)
     * @param threadId its host thread id (what {@code kvmctl cpus} pins)
     * @param cpuSeconds CPU time it has used since it started
     * @param cpuPercent its load over the sampling interval; 100 = one host CPU busy
     */
    public record Vcpu(String thread, long threadId, double cpuSeconds, double cpuPercent) {}

    /** Block I/O of one disk since QEMU started (query-blockstats). */
    public record Disk(String id, long readBytes, long writtenBytes, long readOps, long writeOps) {}

    /**
     * Bytes through one NIC from the guest's point of view; null where the backend keeps no counter.
     *
     * @param backend {@code tap}, {@code user}, ...
     * @param hostInterface the tap on the host, when there is one
     */
    public record Nic(String id, String backend, String hostInterface, Long rxBytes, Long txBytes) {}

    public long readBytes() {
        return disks.stream().mapToLong(Disk::readBytes).sum();
    }

    public long writtenBytes() {
        return disks.stream().mapToLong(Disk::writtenBytes).sum();
    }
}
