package io.kvmctl.profile;

import io.kvmctl.limits.CpuQuota;
import io.kvmctl.limits.DiskThrottle;
import io.kvmctl.limits.Limits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code limits}: a CPU quota, memory and pids caps for the whole QEMU process, and I/O limits per disk. Disk limits
 * are a list under {@code limits.disks} (by disk id) rather than keys of each disk entry, so every limit of a VM is
 * in one place, which {@code kvmctl limits --persist} rewrites without touching the disk entries, and a hot-added
 * disk can be named there as well.
 */
final class LimitsSection {
    /** Below this QEMU cannot even start its threads; above it the cap is no cap. */
    static final int MIN_PIDS = 16;

    /** What QEMU needs on top of guest RAM, roughly; a cap closer than this is warned about (libvirt: 1 GiB + RAM). */
    static final Size OVERHEAD_HINT = Size.ofMebibytes(128);

    private final Problems problems;

    LimitsSection(Problems problems) {
        this.problems = problems;
    }

    Limits read(YamlObject t, Size guestMemory, List<DiskSpec> disks) {
        Optional<YamlObject> section =
                t.node("limits").flatMap(n -> YamlObject.open(n, "limits", problems, ProfileKeys.LIMITS));
        if (section.isEmpty()) {
            return Limits.NONE;
        }
        YamlObject l = section.get();
        Optional<CpuQuota> cpu = l.string("cpu").flatMap(s -> {
            try {
                return Optional.of(CpuQuota.parse(s));
            } catch (IllegalArgumentException e) {
                problems.error("limits.cpu", e.getMessage(), "e.g. cpu: 150% or cpu: 1.5");
                return Optional.empty();
            }
        });
        Optional<Size> memory = l.string("memory").flatMap(s -> size("limits.memory", s));
        memory.ifPresent(cap -> checkMemoryCap(cap, guestMemory));
        OptionalInt pids = l.integer("pids", MIN_PIDS, 4_194_304);
        List<DiskThrottle> throttles = disks(l, disks);
        return new Limits(
                cpu, memory, pids.isPresent() ? OptionalLong.of(pids.getAsInt()) : OptionalLong.empty(), throttles);
    }

    private void checkMemoryCap(Size cap, Size guestMemory) {
        if (cap.bytes() < guestMemory.bytes()) {
            problems.error(
                    "limits.memory",
                    cap + " is less than the guest's memory (" + guestMemory + "): QEMU would be killed as the guest"
                            + " fills its RAM",
                    "give at least " + guestMemory + " plus QEMU's own needs (about " + OVERHEAD_HINT
                            + "), or lower 'memory'");
        } else if (cap.bytes() < guestMemory.bytes() + OVERHEAD_HINT.bytes()) {
            problems.warning(
                    "limits.memory",
                    cap + " leaves QEMU less than " + OVERHEAD_HINT + " beyond the guest's " + guestMemory,
                    "QEMU itself needs memory too (code, device state, I/O buffers): it may be killed under load");
        }
    }

    private List<DiskThrottle> disks(YamlObject l, List<DiskSpec> disks) {
        List<DiskThrottle> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlObject.Item item : l.objects("disks", ProfileKeys.LIMITS_DISK)) {
            YamlObject d = item.object();
            Optional<String> id = d.string("id");
            if (id.isEmpty()) {
                problems.error(d.path() + ".id", "is missing", "name the disk these limits are for: id: DISK-ID");
                continue;
            }
            if (disks.stream().noneMatch(disk -> disk.id().equals(id.get()))) {
                problems.error(
                        d.field("id"),
                        "'" + id.get() + "' is not a disk of this profile",
                        "use one of: "
                                + String.join(
                                        ", ", disks.stream().map(DiskSpec::id).toList()));
                continue;
            }
            if (!seen.add(id.get())) {
                problems.error(d.field("id"), "disk '" + id.get() + "' has limits twice", "merge the two entries");
                continue;
            }
            long[] v = new long[6];
            v[0] = rate(d, "bps");
            v[1] = rate(d, "read_bps");
            v[2] = rate(d, "write_bps");
            v[3] = ops(d, "iops");
            v[4] = ops(d, "read_iops");
            v[5] = ops(d, "write_iops");
            try {
                DiskThrottle throttle = new DiskThrottle(id.get(), v[0], v[1], v[2], v[3], v[4], v[5]);
                if (throttle.isUnlimited()) {
                    problems.warning(d.path(), "sets no limit", "give bps, iops or their read_/write_ forms");
                }
                out.add(throttle);
            } catch (IllegalArgumentException e) {
                problems.error(d.path(), e.getMessage(), "");
            }
        }
        return out;
    }

    private long rate(YamlObject d, String key) {
        return d.string(key)
                .flatMap(s -> size(d.field(key), s))
                .map(Size::bytes)
                .orElse(0L);
    }

    private long ops(YamlObject d, String key) {
        OptionalInt n = d.integer(key, 1, Integer.MAX_VALUE);
        return n.isPresent() ? n.getAsInt() : 0;
    }

    private Optional<Size> size(String field, String text) {
        try {
            Size s = Size.parse(text);
            if (s.bytes() == 0) {
                problems.error(field, "is zero", "remove the key for no limit");
                return Optional.empty();
            }
            return Optional.of(s);
        } catch (IllegalArgumentException e) {
            problems.error(field, e.getMessage(), "bytes per second for a disk, e.g. 50M");
            return Optional.empty();
        }
    }
}
