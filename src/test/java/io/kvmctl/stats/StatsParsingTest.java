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
                null);
        String table = StatsTable.top(List.of(s), 200, "kvmctl top");
        List<String> lines = table.lines().toList();
        assertEquals("kvmctl top", lines.get(0));
        assertTrue(lines.get(1).startsWith("NAME             STATE        CPU%  CPU TIME"), lines.get(1));
        assertEquals(
                "web              running      37.3    12.50s      300M      192M      1.0M      5.0M      2.0K"
                        + "      100B     1h2m",
                lines.get(2));
        assertEquals(
                40,
                StatsTable.top(List.of(s), 40, "h")
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
                null);
        assertFalse(StatsTable.report(free).contains("throttled"), StatsTable.report(free));
    }
}
