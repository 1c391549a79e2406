package io.kvmctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qmp.Json;
import org.junit.jupiter.api.Test;

class MigrationStatsTest {
    /** A query-migrate answer from QEMU 7.2 during precopy. */
    static final String ACTIVE = """
            {"expected-downtime": 300, "status": "active", "setup-time": 2, "total-time": 1530,
             "ram": {"total": 134750208, "postcopy-requests": 0, "dirty-sync-count": 3, "multifd-bytes": 0,
                     "pages-per-second": 25000, "downtime-bytes": 0, "page-size": 4096, "remaining": 10485760,
                     "postcopy-bytes": 0, "mbps": 838.8608, "transferred": 104857600, "dirty-sync-missed-zero-copy": 0,
                     "precopy-bytes": 104857600, "duplicate": 5000, "dirty-pages-rate": 2560, "skipped": 0,
                     "normal-bytes": 100000000, "normal": 24414},
             "cpu-throttle-percentage": 30}
            """;

    @Test
    void readsQemusFigures() {
        MigrationStats s = MigrationStats.fromQueryMigrate(Json.MAPPER.readTree(ACTIVE));
        assertEquals("active", s.status());
        assertEquals(3, s.iteration());
        assertEquals(104857600, s.ramTransferred());
        assertEquals(10485760, s.ramRemaining());
        assertEquals(10L << 20, s.dirtyBytesPerSecond());
        assertEquals(104857600, s.bytesPerSecond());
        assertEquals(-1, s.downtimeMs(), "no downtime before completion");
        assertTrue(s.inProgress());
        assertFalse(s.inPostcopy());
    }

    @Test
    void progressLineShowsSentLeftRateDirtyRateAndThrottle() {
        MigrationStats s = MigrationStats.fromQueryMigrate(Json.MAPPER.readTree(ACTIVE));
        assertEquals(
                "active          pass 3   100.0 MiB sent, 10.0 MiB left, 100.0 MiB/s, dirtied 10.0 MiB/s, "
                        + "vCPUs throttled 30%",
                s.progressLine());
    }

    @Test
    void endStatesAreNotInProgress() {
        for (String status : new String[] {"completed", "failed", "cancelled", "none"}) {
            assertFalse(
                    MigrationStats.fromQueryMigrate(Json.MAPPER.readTree("{\"status\": \"" + status + "\"}"))
                            .inProgress(),
                    status);
        }
        assertTrue(MigrationStats.fromQueryMigrate(Json.MAPPER.readTree("{\"status\": \"postcopy-active\"}"))
                .inPostcopy());
    }
}
