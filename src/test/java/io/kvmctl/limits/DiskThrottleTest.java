package io.kvmctl.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DiskThrottleTest {
    @Test
    void aTotalAndItsReadOrWriteFormExcludeEachOtherAsInQemu() {
        var e = assertThrows(IllegalArgumentException.class, () -> new DiskThrottle("d", 1, 0, 1, 0, 0, 0));
        assertTrue(e.getMessage().contains("exclude each other"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DiskThrottle("d", 0, 0, 0, 5, 5, 0));
    }

    @Test
    void settingATotalClearsItsReadAndWriteLimitsAndTheReverse() {
        DiskThrottle split = new DiskThrottle("d", 0, 10, 20, 0, 3, 4);
        DiskThrottle total = split.with(Map.of("bps", 100L));
        assertEquals(new DiskThrottle("d", 100, 0, 0, 0, 3, 4), total);
        assertEquals(new DiskThrottle("d", 0, 0, 7, 0, 3, 4), total.with(Map.of("write_bps", 7L)));
        assertEquals(new DiskThrottle("d", 100, 0, 0, 9, 0, 0), total.with(Map.of("iops", 9L)));
    }

    @Test
    void zeroLiftsALimit() {
        assertTrue(
                new DiskThrottle("d", 5, 0, 0, 0, 0, 0).with(Map.of("bps", 0L)).isUnlimited());
    }

    @Test
    void qdevPathsNameTheDevice() {
        assertEquals(
                "data",
                DiskThrottles.deviceId("/machine/peripheral/data/virtio-backend")
                        .orElseThrow());
        assertEquals("data", DiskThrottles.deviceId("data").orElseThrow());
        assertTrue(DiskThrottles.deviceId("/machine/unattached/device[3]").isEmpty());
        assertTrue(DiskThrottles.deviceId("").isEmpty());
    }
}
