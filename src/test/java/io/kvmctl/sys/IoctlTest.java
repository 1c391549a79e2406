package io.kvmctl.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IoctlTest {
    @Test
    void ioEncodesTypeAndNumberOnly() {
        assertEquals(0xAE80L, Ioctl._IO(0xAE, 0x80));
    }

    @Test
    void directionAndSizeGoToTheTopBits() {
        // Values from the kernel headers: KVM_GET_REGS and KVM_SET_REGS with sizeof(struct kvm_regs) = 144.
        assertEquals(0x8090AE81L, Ioctl._IOR(0xAE, 0x81, 144));
        assertEquals(0x4090AE82L, Ioctl._IOW(0xAE, 0x82, 144));
        assertEquals(0xC008AE05L, Ioctl._IOWR(0xAE, 0x05, 8));
    }

    @Test
    void requestNumbersAreUnsignedLongsNotSignExtended() {
        assertEquals(0xC008AE05L, KvmIoctls.KVM_GET_SUPPORTED_CPUID);
        assertEquals(0x8138AE83L, KvmIoctls.KVM_GET_SREGS);
    }

    @Test
    void sizeThatDoesNotFitFourteenBitsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Ioctl._IOW(0xAE, 1, 1 << 14));
    }
}
