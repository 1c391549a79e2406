package io.kvmctl.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuQuotaTest {
    @Test
    void percentOfOneCpuBecomesMicrosecondsPerPeriod() {
        assertEquals(150_000, CpuQuota.parse("150%").quotaUsec());
        assertEquals(50_000, CpuQuota.parse("50 %").quotaUsec());
        assertEquals(12_500, CpuQuota.parse("12.5%").quotaUsec());
    }

    @Test
    void aPlainNumberIsANumberOfCpus() {
        assertEquals(CpuQuota.parse("150%"), CpuQuota.parse("1.5"));
        assertEquals(200_000, CpuQuota.parse("2").quotaUsec());
        assertEquals("25%", CpuQuota.parse("0.25").toString());
    }

    @Test
    void printsTheShortestPercentage() {
        assertEquals("150%", CpuQuota.parse("1.50").toString());
        assertEquals("12.5%", CpuQuota.parse("12.50%").toString());
    }

    @Test
    void refusesWhatTheKernelWouldRefuseWithWhatIsAccepted() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuQuota.parse("0.5%"))
                .getMessage()
                .contains("outside 1% to 100000%"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuQuota.parse("lots"))
                .getMessage()
                .contains("150% = one and a half CPUs"));
        assertThrows(IllegalArgumentException.class, () -> CpuQuota.parse("-50%"));
        assertThrows(IllegalArgumentException.class, () -> CpuQuota.parse("2000"));
        assertThrows(IllegalArgumentException.class, () -> CpuQuota.parse("0.00001"));
    }
}
