package io.kvmctl.limits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a VM's cgroup counted: CPU time used and throttled, memory now and at its peak, tasks now. A figure the host
 * does not keep (v2 {@code memory.peak} came with Linux 5.19) is null.
 *
 * @param cpuUsed CPU time of all QEMU threads
 * @param periods scheduling periods with a quota in force that QEMU ran in
 * @param throttledPeriods of those, the ones in which QEMU used its whole quota and had to wait
 * @param throttled how long QEMU's threads waited for lack of quota, summed over them
 */
public record CgroupUsage(
        Duration cpuUsed,
        Long periods,
        Long throttledPeriods,
        Duration throttled,
        Long memoryBytes,
        Long memoryPeakBytes,
        Long tasks) {

    /** The counters from the cgroup's files, read by {@code read} (empty for a file that is not there). */
    public static CgroupUsage of(VmCgroup cgroup, Function<Path, Optional<String>> read) {
        boolean v2 = cgroup.version() == CgroupVersion.V2;
        Duration used = null;
        Long periods = null;
        Long throttledPeriods = null;
        Duration throttled = null;
        if (cgroup.has("cpu")) {
            Optional<String> stat = read.apply(cgroup.file("cpu", "cpu.stat"));
            periods = stat.flatMap(s -> field(s, "nr_periods")).orElse(null);
            throttledPeriods = stat.flatMap(s -> field(s, "nr_throttled")).orElse(null);
            throttled = v2
                    ? stat.flatMap(s -> field(s, "throttled_usec"))
                            .map(us -> Duration.ofNanos(us * 1000))
                            .orElse(null)
                    : stat.flatMap(s -> field(s, "throttled_time"))
                            .map(Duration::ofNanos)
                            .orElse(null);
            if (v2) {
                used = stat.flatMap(s -> field(s, "usage_usec"))
                        .map(us -> Duration.ofNanos(us * 1000))
                        .orElse(null);
            }
        }
        if (!v2 && cgroup.has("cpuacct")) {
            used = read.apply(cgroup.file("cpuacct", "cpuacct.usage"))
                    .flatMap(CgroupUsage::number)
                    .map(Duration::ofNanos)
                    .orElse(null);
        }
        Long memory = null;
        Long peak = null;
        if (cgroup.has("memory")) {
            memory = read.apply(cgroup.file("memory", v2 ? "memory.current" : "memory.usage_in_bytes"))
                    .flatMap(CgroupUsage::number)
                    .orElse(null);
            peak = read.apply(cgroup.file("memory", v2 ? "memory.peak" : "memory.max_usage_in_bytes"))
                    .flatMap(CgroupUsage::number)
                    .orElse(null);
        }
        Long tasks = cgroup.has("pids")
                ? read.apply(cgroup.file("pids", "pids.current"))
                        .flatMap(CgroupUsage::number)
                        .orElse(null)
                : null;
        return new CgroupUsage(used, periods, throttledPeriods, throttled, memory, peak, tasks);
    }

    /** A {@code key value} line of a stat file ({@code nr_throttled 12}). */
    static Optional<Long> field(String stat, String key) {
        for (String line : stat.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && f[0].equals(key)) {
                return number(f[1]);
            }
        }
        return Optional.empty();
    }

    static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
