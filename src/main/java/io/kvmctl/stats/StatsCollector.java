package io.kvmctl.stats;

import io.kvmctl.limits.CgroupUsage;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpException;
import io.kvmctl.qmp.Replies;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads a VM's figures: /proc for the host's view of QEMU, QMP for the guest's devices. */
public final class StatsCollector {
    /** How long CPU time is sampled when the caller names no interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

    private StatsCollector() {}

    /**
     * Samples CPU ticks of several VMs, waits {@code interval}, then reads everything: one wait for all, so
     * {@code top} over many VMs takes one interval, not one per VM.
     */
    public static List<VmStats> collect(List<? extends MeasuredVm> vms, Duration interval) throws IOException {
        Map<String, TaskSample> before = new HashMap<>();
        for (MeasuredVm vm : vms) {
            if (vm.isRunning()) {
                try {
                    before.put(vm.name(), TaskSample.read(vm.qemuPid()));
                } catch (IOException e) {
                    // exited just now: reported as such below
                }
            }
        }
        long start = System.nanoTime();
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sampling CPU time");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<VmStats> out = new ArrayList<>();
        for (MeasuredVm vm : vms) {
            out.add(read(vm, before.get(vm.name()), seconds));
        }
        return out;
    }

    static VmStats read(MeasuredVm vm, TaskSample before, double seconds) {
        int pid = vm.qemuPid();
        Duration uptime =
                Duration.between(vm.startedAt(), Instant.now()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (!vm.isRunning() || before == null) {
            return new VmStats(
                    vm.name(),
                    "exited",
                    uptime,
                    pid,
                    0,
                    0,
                    null,
                    0,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    "QEMU " + vm.exitDescription());
        }
        List<String> notes = new ArrayList<>();
        double cpuSeconds = 0;
        double cpuPercent = 0;
        long rss = 0;
        List<VmStats.Vcpu> vcpus = List.of();
        try {
            TaskSample now = TaskSample.read(pid);
            long ticks = now.totalTicks();
            cpuSeconds = ticks / (double) ProcFiles.TICKS_PER_SECOND;
            cpuPercent = (ticks - before.totalTicks()) / (double) ProcFiles.TICKS_PER_SECOND / seconds * 100;
            vcpus = VcpuThreads.of(before, now, seconds);
            if (vcpus.isEmpty()) {
                notes.add("QEMU's threads have no names (it was started without debug-threads=on): no vCPU figures");
            }
            rss = ProcFiles.rssBytes(Files.readString(Path.of("/proc", Integer.toString(pid), "status")));
        } catch (IOException e) {
            notes.add("/proc of QEMU unreadable: " + e.getMessage());
        }
        String state = "unresponsive";
        Long balloon = null;
        List<VmStats.Disk> disks = List.of();
        List<VmStats.Nic> nics = List.of();
        try {
            QmpClient qmp = vm.qmp();
            state = Replies.string("query-status", qmp.execute("query-status"), "status");
            try {
                balloon = new QmpCommands(qmp).queryBalloon();
            } catch (QmpException noBalloon) {
                // no balloon device: nothing to report
            }
            disks = disks(qmp.execute("query-blockstats"));
            nics = nics(pid, new QmpCommands(qmp).humanMonitorCommand("info network"), notes);
        } catch (IOException e) {
            notes.add("QMP did not answer: " + e.getMessage());
        }
        return new VmStats(
                vm.name(),
                state,
                uptime,
                pid,
                cpuSeconds,
                cpuPercent,
                vm.cgroupUsage()
                        .map(CgroupUsage::throttled)
                        .map(d -> d.toNanos() / 1e9)
                        .orElse(null),
                rss,
                balloon,
                disks,
                nics,
                vcpus,
                notes.isEmpty() ? null : String.join("; ", notes));
    }

    /** Disks by device id (a blockdev-attached disk has an empty legacy "device" name: its qdev path tells). */
    static List<VmStats.Disk> disks(JsonNode blockstats) {
        List<VmStats.Disk> out = new ArrayList<>();
        for (JsonNode b : blockstats) {
            String id = b.path("device").asString("");
            if (id.isEmpty()) {
                String qdev = b.path("qdev").asString("");
                id = qdev.startsWith("/machine/peripheral/")
                        ? qdev.substring("/machine/peripheral/".length()).split("/")[0]
                        : b.path("node-name").asString(qdev);
            }
            JsonNode s = b.path("stats");
            out.add(new VmStats.Disk(
                    id,
                    Replies.longOr(s.get("rd_bytes"), 0),
                    Replies.longOr(s.get("wr_bytes"), 0),
                    Replies.longOr(s.get("rd_operations"), 0),
                    Replies.longOr(s.get("wr_operations"), 0)));
        }
        return out;
    }

    private static List<VmStats.Nic> nics(int pid, String infoNetwork, List<String> notes) {
        Map<String, long[]> netDev;
        try {
            netDev = ProcFiles.netDev(Files.readString(Path.of("/proc/net/dev")));
        } catch (IOException e) {
            netDev = Map.of();
        }
        List<VmStats.Nic> out = new ArrayList<>();
        boolean uncounted = false;
        for (NetworkInfo.Backend b : NetworkInfo.parse(infoNetwork).values()) {
            String ifname = b.ifname();
            if (ifname == null && b.fd() != null) {
                try {
                    ifname = ProcFiles.tunInterface(Files.readString(
                                    Path.of("/proc", Integer.toString(pid), "fdinfo", b.fd().toString())))
                            .orElse(null);
                } catch (IOException e) {
                    // not a tun descriptor we can read
                }
            }
            long[] counters = ifname == null ? null : netDev.get(ifname);
            if (counters == null) {
                uncounted = true;
                out.add(new VmStats.Nic(b.nic(), b.type(), ifname, null, null));
            } else {
                // The host's receive on a tap is the guest's transmit, and the other way round.
                out.add(new VmStats.Nic(b.nic(), b.type(), ifname, counters[1], counters[0]));
            }
        }
        if (uncounted) {
            notes.add("QEMU 7.2 counts no bytes for user-mode (slirp) NICs; tap NICs are counted on the host");
        }
        return out;
    }
}
