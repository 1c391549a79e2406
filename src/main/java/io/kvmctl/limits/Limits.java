package io.kvmctl.limits;

import io.kvmctl.profile.Size;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A VM's resource limits, as the profile's {@code limits:} gives them or as {@code kvmctl limits} sets them.
 *
 * @param cpu the CPU-time quota of all QEMU threads together
 * @param memory a cap on QEMU's whole memory (guest RAM and QEMU's own), the cgroup's {@code memory.max}
 * @param pids a cap on QEMU's threads (each counts as a task)
 * @param disks I/O limits per disk id
 */
public record Limits(Optional<CpuQuota> cpu, Optional<Size> memory, OptionalLong pids, List<DiskThrottle> disks) {
    public static final Limits NONE = new Limits(Optional.empty(), Optional.empty(), OptionalLong.empty(), List.of());

    public Limits {
        disks = List.copyOf(disks);
    }

    /** Whether a cgroup must enforce something (CPU, memory or pids); disk limits are QEMU's. */
    public boolean needsCgroup() {
        return cpu.isPresent() || memory.isPresent() || pids.isPresent();
    }

    public boolean isEmpty() {
        return !needsCgroup() && disks.isEmpty();
    }
}
