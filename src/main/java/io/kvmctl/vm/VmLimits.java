package io.kvmctl.vm;

import io.kvmctl.limits.CgroupException;
import io.kvmctl.limits.CgroupFiles;
import io.kvmctl.limits.CgroupPlan;
import io.kvmctl.limits.CgroupUsage;
import io.kvmctl.limits.DiskThrottle;
import io.kvmctl.limits.DiskThrottles;
import io.kvmctl.limits.Limits;
import io.kvmctl.limits.VmCgroup;
import io.kvmctl.profile.Size;
import io.kvmctl.qmp.Replies;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A running VM's resource limits, read and changed live: CPU, memory and pids in its cgroup, disk I/O in QEMU.
 * Reached as {@code vm.limits()}.
 */
public final class VmLimits {
    private final Vm vm;
    private final Optional<VmCgroup> cgroup;

    VmLimits(Vm vm, Optional<VmCgroup> cgroup) {
        this.vm = vm;
        this.cgroup = cgroup;
    }

    /** The VM's cgroup; empty when kvmctl could not make one at its start (no cgroup limits then). */
    public Optional<VmCgroup> cgroup() {
        return cgroup;
    }

    /** The limits in force: read back from the cgroup's files and from QEMU, not from the profile. */
    public Limits inForce() throws IOException {
        Limits fromCgroup = cgroup.map(CgroupFiles::limits).orElse(Limits.NONE);
        List<DiskThrottle> disks = new DiskThrottles(vm.qmp()).inForce();
        return new Limits(fromCgroup.cpu(), fromCgroup.memory(), fromCgroup.pids(), disks);
    }

    /** The cgroup's counters (CPU used and throttled, memory, tasks); empty without a cgroup. */
    public Optional<CgroupUsage> usage() {
        return cgroup.map(CgroupFiles::usage);
    }

    /**
     * Puts {@code limits}' CPU, memory and pids limits in force, lifting those it leaves unset (its disk limits are
     * ignored here: see {@link #setDisk}).
     *
     * @throws IllegalArgumentException a memory cap below the guest's memory, or a limit the host has no
     *     controller for
     * @throws CgroupException the VM has no cgroup, or the kernel refused a value (the message names the file)
     */
    public void set(Limits limits) throws IOException {
        if (cgroup.isEmpty()) {
            throw new CgroupException(
                    "VM " + vm.name() + " has no cgroup: it was started where kvmctl could not"
                            + " create one (not root, no delegated cgroup); restart it as root to set CPU, memory or pids"
                            + " limits",
                    null);
        }
        if (limits.memory().isPresent()) {
            long guest = Replies.wholeNumber(
                    "query-memory-size-summary", vm.qmp().execute("query-memory-size-summary"), "base-memory");
            if (limits.memory().get().bytes() < guest) {
                throw new IllegalArgumentException("memory cap "
                        + limits.memory().get() + " is less than the guest's"
                        + " memory (" + new Size(guest) + "): QEMU would be killed; give at least that plus QEMU's own"
                        + " needs");
            }
        }
        CgroupFiles.write(CgroupPlan.limitWrites(cgroup.get(), limits));
    }

    /** Puts {@code throttle} in force on its disk ({@link DiskThrottle#none} lifts its limits). */
    public void setDisk(DiskThrottle throttle) throws IOException {
        new DiskThrottles(vm.qmp()).apply(throttle);
    }

    /** The limits of disk {@code id} now (all zero when it has none). */
    public DiskThrottle disk(String id) throws IOException {
        return new DiskThrottles(vm.qmp()).of(id);
    }
}
