package io.kvmctl.vm;

import io.kvmctl.limits.CgroupException;
import io.kvmctl.limits.CgroupFiles;
import io.kvmctl.limits.CgroupHost;
import io.kvmctl.limits.CgroupPlan;
import io.kvmctl.limits.Limits;
import io.kvmctl.limits.VmCgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A VM's cgroup over its life: made before QEMU starts (QEMU joins it before its first instruction, see
 * {@link QemuSupervisor}), noted in the runtime directory, removed with that directory ({@link VmDirectories}), so
 * after {@code down} and after the clean-up of a VM whose QEMU died.
 *
 * <p>Every VM gets one where kvmctl can make it (as root, or in a delegated tree), so that {@code kvmctl limits}
 * works on any VM and {@code stats} shows its counters; where it cannot, a VM without {@code limits:} starts as
 * before, without one, and a VM with them does not start: the error says why and how to fix it.
 */
final class VmCgroups {
    private static final String RECORD = "cgroup";
    private static final System.Logger LOG = System.getLogger(VmCgroups.class.getName());

    private VmCgroups() {}

    static Optional<VmCgroup> create(VmDirectory dir, Limits limits) throws IOException {
        Optional<CgroupHost> host = CgroupFiles.detectHost();
        if (host.isEmpty()) {
            if (limits.needsCgroup()) {
                throw new VmStartException("VM " + dir.name() + " has limits (cpu, memory or pids), but this host"
                        + " has no cgroup controller mounted (none in /proc/self/mountinfo); remove them from the"
                        + " profile's limits: or mount the cgroup controllers");
            }
            return Optional.empty();
        }
        VmCgroup cgroup = CgroupPlan.forVm(host.get(), dir.name(), dir.path().getParent());
        try {
            Files.writeString(record(dir), cgroup.toText()); // first, so a clean-up finds even a half-made one
            CgroupFiles.create(cgroup, limits);
            return Optional.of(cgroup);
        } catch (CgroupException e) {
            Files.deleteIfExists(record(dir));
            if (limits.needsCgroup()) {
                throw new VmStartException(
                        "VM " + dir.name() + " has limits, but its cgroup could not be set up: " + e.getMessage(), e);
            }
            return Optional.empty(); // no limits asked for: the VM runs as it would without cgroups
        }
    }

    /** The cgroup noted at the VM's start; empty when it got none. */
    static Optional<VmCgroup> of(VmDirectory dir) throws IOException {
        return of(dir.path());
    }

    static Optional<VmCgroup> of(Path runtimeDir) throws IOException {
        try {
            return Optional.of(VmCgroup.parse(Files.readString(runtimeDir.resolve(RECORD))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new IOException("damaged cgroup note " + runtimeDir.resolve(RECORD) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the VM's cgroup, once its QEMU is gone. One that cannot go (a process still in it) is logged and
     * left, never a reason to keep the runtime directory: it is empty and harmless, and its path is in
     * the message.
     */
    static void release(Path runtimeDir) {
        try {
            Optional<VmCgroup> cgroup = of(runtimeDir);
            if (cgroup.isPresent()) {
                List<String> left = CgroupFiles.remove(cgroup.get());
                if (!left.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "could not remove cgroup " + String.join(", ", left));
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
    }

    private static Path record(VmDirectory dir) {
        return dir.path().resolve(RECORD);
    }
}
