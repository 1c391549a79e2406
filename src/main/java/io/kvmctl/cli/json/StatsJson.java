package io.kvmctl.cli.json;

import io.kvmctl.stats.VmStats;
import java.util.List;

/** {@code kvmctl stats --json} ({@code kvmctl.stats/1}), and each VM of {@code kvmctl top --json}. */
public record StatsJson(
        String name,
        String state,
        int pid,
        Double uptimeSeconds,
        double cpuSeconds,
        double cpuPercent,
        Double cpuThrottledSeconds,
        long rssBytes,
        Long balloonBytes,
        List<DiskJson> disks,
        List<NicJson> nics,
        List<VcpuJson> vcpus,
        String note) {
    public static final String KIND = "kvmctl.stats/1";

    public record DiskJson(String id, long readBytes, long writtenBytes, long readOps, long writeOps) {}

    /** {@code rx_bytes}/{@code tx_bytes} are null where the backend has no counter (user networking). */
    public record NicJson(String id, String backend, String hostInterface, Long rxBytes, Long txBytes) {}

    public record VcpuJson(String thread, long threadId, double cpuSeconds, double cpuPercent) {}

    public static StatsJson of(VmStats s) {
        return new StatsJson(
                s.name(),
                s.state(),
                s.pid(),
                VmJson.seconds(s.uptime()),
                s.cpuSeconds(),
                s.cpuPercent(),
                s.cpuThrottledSeconds(),
                s.rssBytes(),
                s.balloonBytes(),
                s.disks().stream()
                        .map(d -> new DiskJson(d.id(), d.readBytes(), d.writtenBytes(), d.readOps(), d.writeOps()))
                        .toList(),
                s.nics().stream()
                        .map(n -> new NicJson(n.id(), n.backend(), n.hostInterface(), n.rxBytes(), n.txBytes()))
                        .toList(),
                s.vcpus().stream()
                        .map(v -> new VcpuJson(v.thread(), v.threadId(), v.cpuSeconds(), v.cpuPercent()))
                        .toList(),
                s.note());
    }

    /** {@code kvmctl top --json} ({@code kvmctl.top/1}): one document per refresh, every VM's sample. */
    public record Top(String time, List<StatsJson> vms) {
        public static final String KIND = "kvmctl.top/1";
    }
}
