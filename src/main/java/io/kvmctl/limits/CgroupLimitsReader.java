package io.kvmctl.limits;

import io.kvmctl.profile.Size;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The CPU, memory and pids limits in force, read back from a VM's cgroup files: what the kernel holds, not what
 * kvmctl meant to write. Disk limits are QEMU's and read over QMP.
 */
public final class CgroupLimitsReader {
    /** v1 shows "no memory limit" as the largest page-aligned long, not -1. */
    private static final long V1_UNLIMITED_FROM = Long.MAX_VALUE / 2;

    private CgroupLimitsReader() {}

    public static Limits read(VmCgroup cgroup, Function<Path, Optional<String>> read) {
        boolean v2 = cgroup.version() == CgroupVersion.V2;
        Optional<CpuQuota> cpu = Optional.empty();
        if (cgroup.has("cpu")) {
            if (v2) {
                cpu = read.apply(cgroup.file("cpu", "cpu.max")).flatMap(s -> {
                    String[] f = s.strip().split("\\s+");
                    return f.length == 2 ? quota(f[0], f[1]) : Optional.empty();
                });
            } else {
                Optional<String> period = read.apply(cgroup.file("cpu", "cpu.cfs_period_us"));
                Optional<String> quota = read.apply(cgroup.file("cpu", "cpu.cfs_quota_us"));
                if (period.isPresent() && quota.isPresent()) {
                    cpu = quota(quota.get().strip(), period.get().strip());
                }
            }
        }
        Optional<Size> memory = cgroup.has("memory")
                ? read.apply(cgroup.file("memory", v2 ? "memory.max" : "memory.limit_in_bytes"))
                        .flatMap(CgroupUsage::number)
                        .filter(b -> b >= 0 && b < V1_UNLIMITED_FROM)
                        .map(Size::new)
                : Optional.empty();
        OptionalLong pids = OptionalLong.empty();
        if (cgroup.has("pids")) {
            Optional<Long> n = read.apply(cgroup.file("pids", "pids.max")).flatMap(CgroupUsage::number);
            if (n.isPresent()) {
                pids = OptionalLong.of(n.get());
            }
        }
        return new Limits(cpu, memory, pids, List.of());
    }

    private static Optional<CpuQuota> quota(String quota, String period) {
        Optional<Long> q = CgroupUsage.number(quota);
        Optional<Long> p = CgroupUsage.number(period);
        if (q.isEmpty() || p.isEmpty() || q.get() <= 0 || p.get() <= 0) {
            return Optional.empty(); // "max" or -1: no quota
        }
        long basisPoints = q.get() * 10_000 / p.get();
        return basisPoints >= CpuQuota.MIN_BASIS_POINTS && basisPoints <= CpuQuota.MAX_BASIS_POINTS
                ? Optional.of(new CpuQuota(basisPoints))
                : Optional.empty();
    }
}
