package io.kvmctl.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvmctl.sys.CpuAffinity;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinSpecTest {
    @Test
    void cpuListsRoundTripInTheKernelsSyntax() {
        BitSet s = CpuList.parse("0-3,6,8-9");
        assertEquals("0-3,6,8-9", CpuList.format(s));
        assertEquals("1", CpuList.format(CpuList.parse(" 1 ")));
        assertEquals(
                "'3-1' is not a CPU number or range; write e.g. 1 or 0-3",
                assertThrows(IllegalArgumentException.class, () -> CpuList.parse("3-1"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("x"));
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("5000"));
    }

    @Test
    void pinsParseWithCommasOrSemicolonsAndRefuseRepeats() {
        PinSpec p = PinSpec.parse("0=1,1=0");
        assertEquals(List.of(0, 1), List.copyOf(p.pins().keySet()));
        assertEquals("1", CpuList.format(p.pins().get(0)));
        assertEquals("2-3", CpuList.format(PinSpec.parse("0=0-1;1=2-3").pins().get(1)));
        assertEquals(
                "'0:1' is not VCPU=HOSTCPUS; write e.g. 0=1,1=0 or 0=0-1;1=2-3",
                assertThrows(IllegalArgumentException.class, () -> PinSpec.parse("0:1"))
                        .getMessage());
        assertEquals(
                "vCPU 0 is pinned twice; give each vCPU once",
                assertThrows(IllegalArgumentException.class, () -> PinSpec.parse("0=1,0=0"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> PinSpec.parse("a=1"));
    }

    @Test
    void affinityOfTheCallingThreadReadsBackWhatWasSet() throws Exception {
        BitSet before = CpuAffinity.get(0); // 0: the calling thread
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                BitSet one = new BitSet();
                one.set(before.nextSetBit(0));
                CpuAffinity.set(0, one);
                assertEquals(one, CpuAffinity.get(0));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        t.join();
        assertEquals(before, CpuAffinity.get(0), "another thread's pin leaves this one alone");
    }
}
