package io.kvmctl.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StatsParsingTest {
    @Test
    void cpuTicksAreCountedFromTheLastParenthesisSoOddThreadNamesCannotShiftFields() {
        String stat = "4242 (CPU 0/TCG) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 5 0 1234 0 0";
        assertEquals(325, ProcFiles.cpuTicks(stat));
    }

    /** A QEMU 7.2 with two vCPUs under TCG and debug-threads=on, its task stat lines (cut after stime). */
    private static Map<Long, String> qemuTasks(long cpu0Ticks, long cpu1Ticks) {
        Map<Long, String> m = new java.util.LinkedHashMap<>();
        m.put(15426L, "15426 (kvmctl-web) S 15424 15424 9382 0 -1 138412416 4841 0 0 0 6 7 0 0");
        m.put(15440L, "15440 (qemu-system-x86) S 15424 15424 9382 0 -1 4194368 3 0 0 0 0 2 0 0");
        m.put(15446L, "15446 (IO mon_iothread) S 15424 15424 9382 0 -1 138412224 11 0 0 0 0 0 0");
        // Listed by the kernel in thread-id order, which is not vCPU order once a vCPU is hot-added.
        m.put(15450L, "15450 (CPU 1/TCG) S 15424 15424 9382 0 -1 138412224 20 0 0 0 " + cpu1Ticks + " 0 0");
        m.put(15448L, "15448 (CPU 0/TCG) S 15424 15424 9382 0 -1 138412224 539 0 0 0 " + cpu0Ticks + " 2 0");
        return m;
    }

    @Test
    void vcpuThreadsAreFoundByTheirNamesInVcpuOrderWithTimeAndLoad() {
        TaskSample before = TaskSample.parse(qemuTasks(7, 0));
        TaskSample now = TaskSample.parse(qemuTasks(57, 25));
        assertEquals(13 + 2 + 0 + 9 + 0, before.totalTicks(), "every thread counts towards the process");
        assertEquals(13 + 2 + 0 + 59 + 25, now.totalTicks());
        assertEquals(
                List.of(
                        new VmStats.Vcpu("CPU 0/TCG", 15448, 0.59, 100.0),
                        new VmStats.Vcpu("CPU 1/TCG", 15450, 0.25, 50.0)),
                VcpuThreads.of(before, now, 0.5));
    }

    @Test
    void threadNamesOfEveryAcceleratorAndSingleThreadedTcgAreVcpus() {
        assertEquals(0, VcpuThreads.order("CPU 0/KVM"));
        assertEquals(12, VcpuThreads.order("CPU 12/TCG"));
        assertEquals(0, VcpuThreads.order("ALL CPUs/TCG"));
        assertEquals(-1, VcpuThreads.order("IO mon_iothread"));
        assertEquals(-1, VcpuThreads.order("qemu-system-x86"));
        assertEquals(-1, VcpuThreads.order("kvmctl-CPU 0/KVM"));
        assertEquals("CPU 0/TCG) x", ProcFiles.taskName("4242 (CPU 0/TCG) x) S 1 4242 4242 0 -1 4194560 100"));
    }

    @Test
    void qemuWithoutNamedThreadsHasNoVcpuThreads() {
        Map<Long, String> unnamed = Map.of(
                1L, "1 (qemu-system-x86) S 1 1 1 0 -1 0 0 0 0 0 50 5 0 0",
                2L, "2 (qemu-system-x86) S 1 1 1 0 -1 0 0 0 0 0 40 5 0 0");
        TaskSample s = TaskSample.parse(unnamed);
        assertEquals(100, s.totalTicks());
        assertEquals(List.of(), VcpuThreads.of(s, s, 0.5));
    }

    @Test
    void reportShowsEachVcpuThreadUnderTheCpuLine() {
        VmStats s = new VmStats(
                "web",
                "running",
                Duration.ofSeconds(5),
                99,
                1.5,
                80,
                null,
                1 << 20,
                null,
                List.of(),
                List.of(),
                List.of(new VmStats.Vcpu("CPU 0/TCG", 4242, 1.0, 60), new VmStats.Vcpu("CPU 1/TCG", 4243, 0.25, 20)),
                null);
        List<String> lines = StatsTable.report(s).lines().toList();
        int cpu = lines.indexOf("cpu:           80.0% now, 1.50s in total");
        assertTrue(cpu > 0, lines.toString());
        assertEquals("  CPU 0/TCG    60.0% now, 1.00s in total (thread 4242)", lines.get(cpu + 1));
        assertEquals("  CPU 1/TCG    20.0% now, 0.25s in total (thread 4243)", lines.get(cpu + 2));
    }

    @Test
    void rssNetDevAndTunFdinfoAreParsed() {
        assertEquals(123456L * 1024, ProcFiles.rssBytes("Name:\tqemu\nVmRSS:\t  123456 kB\nThreads:\t5\n"));
        Map<String, long[]> dev = ProcFiles.netDev("""
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0
                  tap0:     590       2    0    0    0     0          0         0     4242       7    0    0    0     0       0          0
                """);
        assertArrayEquals(new long[] {590, 4242}, dev.get("tap0"));
        assertEquals(
                Optional.of("tap0"), ProcFiles.tunInterface("pos:\t0\nflags:\t0104002\nmnt_id:\t25\niff:\ttap0\n"));
        assertEquals(Optional.empty(), ProcFiles.tunInterface("pos:\t0\nflags:\t02\n"));
    }

    @Test
    void infoNetworkGivesEachNicItsBackend() {
        Map<String, NetworkInfo.Backend> b = NetworkInfo.parse("""
                net0: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:12:34:56
                 \\ net0: index=0,type=user,net=10.0.2.0,restrict=off
                lan: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:12:34:57
                 \\ lan: index=0,type=tap,ifname=kvtest0,script=no,downscript=no
                br: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:12:34:58
                 \\ br: index=0,type=tap,fd=7
                """);
        assertEquals(new NetworkInfo.Backend("net0", "user", null, null), b.get("net0"));
        assertEquals(new NetworkInfo.Backend("lan", "tap", "kvtest0", null), b.get("lan"));
        assertEquals(new NetworkInfo.Backend("br", "tap", null, 7), b.get("br"));
    }

    @Test
    void blockstatsAreNamedByTheirDevice() {
        var json = JsonMapper.builder().build().readTree("""
                [{"device": "", "qdev": "/machine/peripheral/data/virtio-backend", "node-name": "data",
                  "stats": {"rd_bytes": 10, "wr_bytes": 20, "rd_operations": 1, "wr_operations": 2}},
                 {"device": "", "qdev": "cdrom", "stats": {"rd_bytes": 0, "wr_bytes": 0}}]
                """);
        assertEquals(
                List.of(new VmStats.Disk("data", 10, 20, 1, 2), new VmStats.Disk("cdrom", 0, 0, 0, 0)),
                StatsCollector.disks(json));
    }

    @Test
    void topTableHasAHeaderAndARowPerVmCutToWidth() {
        VmStats s = new VmStats(
                "web",
                "running",
                Duration.ofSeconds(3725),
                99,
                12.5,
                37.25,
                null,
                300L << 20,
                192L << 20,
                List.of(new VmStats.Disk("d", 1 << 20, 5 << 20, 1, 1)),
                List.of(new VmStats.Nic("n", "tap", "tap0", 2048L, 100L)),
                List.of(new VmStats.Vcpu("CPU 0/TCG", 100, 12.0, 37.0)),
                null);
        String table = StatsTable.top(List.of(s), 200, "kvmctl top");
        List<String> lines = table.lines().toList();
        assertEquals("kvmctl top", lines.get(0));
        assertEquals(
                "NAME  STATE    CPU%  CPU TIME   RSS  BALLOON  DISK RD  DISK WR  NET RX  NET TX  UPTIME", lines.get(1));
        assertEquals(
                "web   running  37.3    12.50s  300M     192M     1.0M     5.0M    2.0K    100B    1h2m", lines.get(2));
        assertEquals(
                30,
                StatsTable.top(List.of(s), 30, "h")
                        .lines()
                        .skip(2)
                        .findFirst()
                        .orElseThrow()
                        .length());
        assertTrue(StatsTable.top(List.of(), 80, "h").contains("(no VMs)"));
    }

    @Test
    void reportShowsCpuThrottledTimeOnlyForAVmWithACgroup() {
        VmStats limited = new VmStats(
                "web",
                "running",
                Duration.ofSeconds(5),
                99,
                12.5,
                50.0,
                1.5,
                1L << 20,
                null,
                List.of(),
                List.of(),
                List.of(),
                null);
        assertTrue(
                StatsTable.report(limited)
                        .contains("cpu:           50.0% now, 12.50s in total, 1.50s throttled (CPU quota)"),
                StatsTable.report(limited));
        VmStats free = new VmStats(
                "web",
                "running",
                Duration.ofSeconds(5),
                99,
                12.5,
                50.0,
                null,
                1L << 20,
                null,
                List.of(),
                List.of(),
                List.of(),
                null);
        assertFalse(StatsTable.report(free).contains("throttled"), StatsTable.report(free));
    }
}
