package io.kvmctl.cli;

import io.kvmctl.limits.CgroupUsage;
import io.kvmctl.limits.CpuQuota;
import io.kvmctl.limits.DiskThrottle;
import io.kvmctl.limits.Limits;
import io.kvmctl.limits.VmCgroup;
import io.kvmctl.profile.Size;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmLimits;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

@Command(
        name = "limits",
        mixinStandardHelpOptions = true,
        description = {
            "Show a running VM's resource limits and usage, or change them live.",
            "CPU, memory and pids are its cgroup's (kvmctl/NAME.ROOTID); disk limits are QEMU's throttling. 'none'"
                    + " lifts a limit. See docs/limits.md."
        })
final class LimitsCommand extends VmCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
    String name;

    @Option(names = "--cpu", paramLabel = "QUOTA", description = "CPU quota: 150%% or 1.5 (CPUs), or none")
    String cpu;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Cap on QEMU's whole memory, e.g. 2G, or none")
    String memory;

    @Option(names = "--pids", paramLabel = "N", description = "Cap on QEMU's threads, or none")
    String pids;

    @Option(names = "--disk", paramLabel = "ID", description = "The disk the following I/O limits are for")
    String disk;

    @Option(names = "--bps", paramLabel = "RATE", description = "Bytes/s, read and write together, e.g. 50M")
    String bps;

    @Option(names = "--read-bps", paramLabel = "RATE", description = "Bytes/s read")
    String readBps;

    @Option(names = "--write-bps", paramLabel = "RATE", description = "Bytes/s written")
    String writeBps;

    @Option(names = "--iops", paramLabel = "N", description = "I/O operations/s, read and write together")
    String iops;

    @Option(names = "--read-iops", paramLabel = "N", description = "Read operations/s")
    String readIops;

    @Option(names = "--write-iops", paramLabel = "N", description = "Write operations/s")
    String writeIops;

    @Option(names = "--json", description = "Print as JSON")
    boolean json;

    @Override
    public Integer call() {
        Map<String, Long> diskChanges;
        try {
            diskChanges = diskChanges();
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        if (disk == null && !diskChanges.isEmpty()) {
            return fail("--bps, --iops and their --read-/--write- forms need --disk ID (the disk they are for)");
        }
        if (disk != null && diskChanges.isEmpty()) {
            return fail("--disk " + disk + " needs a limit to set: --bps, --iops, --read-bps ... (none lifts one)");
        }
        try (Vm vm = attach(name)) {
            VmLimits limits = vm.limits();
            if (cpu != null || memory != null || pids != null) {
                Limits now = limits.inForce();
                limits.set(new Limits(
                        cpu == null ? now.cpu() : cpu(cpu),
                        memory == null ? now.memory() : memory(memory),
                        pids == null ? now.pids() : pids(pids),
                        java.util.List.of()));
            }
            if (disk != null) {
                limits.setDisk(limits.disk(disk).with(diskChanges));
            }
            show(vm.name(), limits);
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
    }

    private Map<String, Long> diskChanges() {
        Map<String, Long> m = new LinkedHashMap<>();
        putRate(m, "bps", bps);
        putRate(m, "read_bps", readBps);
        putRate(m, "write_bps", writeBps);
        putCount(m, "iops", iops);
        putCount(m, "read_iops", readIops);
        putCount(m, "write_iops", writeIops);
        if ((m.getOrDefault("bps", 0L) > 0
                        && (m.getOrDefault("read_bps", 0L) > 0 || m.getOrDefault("write_bps", 0L) > 0))
                || (m.getOrDefault("iops", 0L) > 0
                        && (m.getOrDefault("read_iops", 0L) > 0 || m.getOrDefault("write_iops", 0L) > 0))) {
            throw new IllegalArgumentException("a total (--bps, --iops) and its --read-/--write- forms exclude each"
                    + " other; give one or the other");
        }
        return m;
    }

    private static void putRate(Map<String, Long> m, String key, String text) {
        if (text != null) {
            m.put(key, isNone(text) ? 0L : SizeConverter.parse(text).bytes());
        }
    }

    private static void putCount(Map<String, Long> m, String key, String text) {
        if (text != null) {
            m.put(key, isNone(text) ? 0L : positive(key, text));
        }
    }

    private static Optional<CpuQuota> cpu(String text) {
        return isNone(text) ? Optional.empty() : Optional.of(CpuQuota.parse(text));
    }

    private static Optional<Size> memory(String text) {
        return isNone(text) ? Optional.empty() : Optional.of(SizeConverter.parse(text));
    }

    private static OptionalLong pids(String text) {
        return isNone(text) ? OptionalLong.empty() : OptionalLong.of(positive("pids", text));
    }

    private static long positive(String what, String text) {
        try {
            long n = Long.parseLong(text.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException(what + " '" + text + "' is not a whole number above 0 (or none)");
    }

    private static boolean isNone(String text) {
        return text.strip().equalsIgnoreCase("none") || text.strip().equalsIgnoreCase("max");
    }

    private void show(String vmName, VmLimits limits) throws IOException {
        Limits l = limits.inForce();
        Optional<CgroupUsage> usage = limits.usage();
        if (json) {
            out().println(CliJson.MAPPER.writeValueAsString(asJson(vmName, limits.cgroup(), l, usage)));
            return;
        }
        out().printf(
                        "VM %s: %s%n",
                        vmName,
                        limits.cgroup()
                                .map(c -> "cgroup " + c.version().name().toLowerCase(Locale.ROOT) + " "
                                        + c.directories().getFirst())
                                .orElse(
                                        "no cgroup (kvmctl could not create one at its start): no CPU, memory or pids limits"));
        CgroupUsage u = usage.orElse(null);
        out().printf(
                        "  cpu     %-10s %s%n",
                        l.cpu().map(CpuQuota::toString).orElse("none"),
                        u == null
                                ? ""
                                : "used " + seconds(u.cpuUsed()) + ", throttled " + seconds(u.throttled())
                                        + (u.throttledPeriods() == null
                                                ? ""
                                                : " in " + u.throttledPeriods() + " of " + u.periods() + " periods"));
        out().printf(
                        "  memory  %-10s %s%n",
                        l.memory().map(Size::toString).orElse("none"),
                        u == null ? "" : "now " + human(u.memoryBytes()) + ", peak " + human(u.memoryPeakBytes()));
        out().printf(
                        "  pids    %-10s %s%n",
                        l.pids().isPresent() ? Long.toString(l.pids().getAsLong()) : "none",
                        u == null || u.tasks() == null ? "" : "now " + u.tasks());
        for (DiskThrottle d : l.disks()) {
            StringBuilder s = new StringBuilder();
            d.asMap().forEach((k, v) -> {
                if (v > 0) {
                    s.append(s.isEmpty() ? "" : ", ")
                            .append(k)
                            .append(' ')
                            .append(k.endsWith("bps") ? new Size(v) + "/s" : v + "/s");
                }
            });
            out().printf("  disk %s: %s%n", d.id(), s);
        }
        if (l.disks().isEmpty()) {
            out().println("  disks   none");
        }
    }

    private static ObjectNode asJson(String vmName, Optional<VmCgroup> cgroup, Limits l, Optional<CgroupUsage> u) {
        ObjectNode o =
                CliJson.MAPPER.createObjectNode().put("kind", "kvmctl.limits/1").put("name", vmName);
        cgroup.ifPresentOrElse(
                c -> {
                    ObjectNode cg = o.putObject("cgroup")
                            .put("version", c.version().name().toLowerCase(Locale.ROOT));
                    c.directories().forEach(d -> cg.withArray("directories").add(d.toString()));
                },
                () -> o.putNull("cgroup"));
        ObjectNode lim = o.putObject("limits");
        l.cpu().ifPresentOrElse(q -> lim.put("cpu_percent", q.basisPoints() / 100.0), () -> lim.putNull("cpu_percent"));
        l.memory().ifPresentOrElse(m -> lim.put("memory_bytes", m.bytes()), () -> lim.putNull("memory_bytes"));
        if (l.pids().isPresent()) {
            lim.put("pids", l.pids().getAsLong());
        } else {
            lim.putNull("pids");
        }
        for (DiskThrottle d : l.disks()) {
            ObjectNode dn = lim.withArray("disks").addObject().put("id", d.id());
            d.asMap().forEach(dn::put);
        }
        if (l.disks().isEmpty()) {
            lim.putArray("disks");
        }
        u.ifPresentOrElse(
                usage -> {
                    ObjectNode un = o.putObject("usage");
                    putSeconds(un, "cpu_seconds", usage.cpuUsed());
                    putSeconds(un, "throttled_seconds", usage.throttled());
                    un.put("periods", usage.periods());
                    un.put("throttled_periods", usage.throttledPeriods());
                    un.put("memory_bytes", usage.memoryBytes());
                    un.put("memory_peak_bytes", usage.memoryPeakBytes());
                    un.put("tasks", usage.tasks());
                },
                () -> o.putNull("usage"));
        return o;
    }

    private static void putSeconds(ObjectNode o, String key, Duration d) {
        if (d == null) {
            o.putNull(key);
        } else {
            o.put(key, d.toNanos() / 1e9);
        }
    }

    private static String seconds(Duration d) {
        return d == null ? "?" : String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    private static String human(Long bytes) {
        return bytes == null ? "?" : Sizes.human(bytes);
    }
}
