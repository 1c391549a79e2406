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
        String note) {

    public VmStats {
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
    }

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
