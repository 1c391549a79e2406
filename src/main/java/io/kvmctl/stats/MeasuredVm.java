package io.kvmctl.stats;

import io.kvmctl.qmp.QmpClient;
import java.io.IOException;
import java.time.Instant;

/**
 * What {@link StatsCollector} reads of one VM. {@code io.kvmctl.vm.Vm} hands itself over through this (its
 * {@code stats()} methods), so that this package needs nothing of the VM package and {@code Vm} can offer stats
 * without a package cycle.
 */
public interface MeasuredVm {
    String name();

    /** QEMU's process, whose threads and memory /proc shows. */
    int qemuPid();

    Instant startedAt();

    boolean isRunning();

    /** How QEMU ended ("exited with status 1", ...), for a VM that no longer runs. */
    String exitDescription();

    /** The counters of the VM's cgroup (CPU throttled time); empty when it has none. */
    default java.util.Optional<io.kvmctl.limits.CgroupUsage> cgroupUsage() {
        return java.util.Optional.empty();
    }

    /** A QMP client on the VM's monitor (connected on first use). */
    QmpClient qmp() throws IOException;
}
