package io.kvmctl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.stats.VmStats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsHistoryTest {
    private static VmStats stats(double cpu, long read, long rx) {
        return new VmStats(
                "vm",
                "running",
                Duration.ofSeconds(1),
                1,
                1.0,
                cpu,
                null,
                100,
                200L,
                List.of(new VmStats.Disk("hd0", read, 0, 0, 0)),
                List.of(new VmStats.Nic("net0", "user", null, rx, null)),
                List.of(),
                null);
    }

    @Test
    void ratesComeFromTheDifferenceWithThePreviousSample() {
        StatsHistory h = new StatsHistory();
        var first = h.add(stats(10, 1000, 0), 10_000);
        assertEquals(0, first.get("disk_read_bps").asLong(), "no rate from one sample");
        var second = h.add(stats(20, 3000, 500), 12_000);
        assertEquals(1000, second.get("disk_read_bps").asLong());
        assertEquals(250, second.get("net_rx_bps").asLong());
        assertEquals(0, second.get("net_tx_bps").asLong());
        assertEquals(100, second.get("memory_bytes").asLong());
        assertEquals(200, second.get("guest_memory_bytes").asLong());
        assertEquals(20.0, h.lastCpuPercent());
    }

    @Test
    void keepsFiveMinutesAtOneSampleASecond() {
        StatsHistory h = new StatsHistory();
        for (int i = 0; i < 310; i++) {
            h.add(stats(1, 0, 0), i * 1000L);
        }
        assertEquals(300, h.samples().size());
        assertEquals(10_000, h.samples().getFirst().get("t_ms").asLong());
        assertEquals(
                300,
                io.kvmctl.qmp.Json.MAPPER
                        .readTree(h.historyMessage())
                        .get("samples")
                        .size());
    }
}
