package io.kvmctl.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemoryLayout;
import org.junit.jupiter.api.Test;

class TunTapTest {
    @Test
    void tunsetiffHasTheNumberFromLinuxIfTunH() {
        // <linux/if_tun.h>: #define TUNSETIFF _IOW('T', 202, int) == 0x400454ca
        assertEquals(0x400454caL, TunTap.TUNSETIFF);
    }

    @Test
    void ifreqIsFortyBytesWithFlagsAfterTheName() {
        assertEquals(40, TunTap.IFREQ.byteSize());
        assertEquals(16, TunTap.IFREQ.byteOffset(MemoryLayout.PathElement.groupElement("ifr_flags")));
    }

    @Test
    void flagsHaveTheKernelsValues() {
        assertEquals(0x0002, TunTap.IFF_TAP);
        assertEquals(0x1000, TunTap.IFF_NO_PI);
        assertEquals(0x4000, TunTap.IFF_VNET_HDR);
        assertEquals((short) 0x8000, TunTap.IFF_TUN_EXCL);
    }
}
