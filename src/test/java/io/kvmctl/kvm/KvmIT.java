package io.kvmctl.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The KVM layer against the real /dev/kvm. */
class KvmIT {
    @BeforeAll
    static void needsKvm() {
        assumeTrue(Files.isReadable(Path.of("/dev/kvm")), "no /dev/kvm on this machine");
    }

    @Test
    void systemFdAnswersApiVersionCapabilitiesAndCpuid() throws Exception {
        try (Kvm kvm = Kvm.open()) {
            assertEquals(12, kvm.apiVersion());
            assertTrue(kvm.checkExtension(Capability.USER_MEMORY) > 0);
            assertEquals(kvm.checkExtension(Capability.NR_VCPUS), kvm.checkExtension(9));
            assertTrue(kvm.vcpuMmapSize() >= 4096);
            SupportedCpuid cpuid = kvm.supportedCpuid();
            assertTrue(cpuid.entries().size() > 10);
            assertTrue(cpuid.vendor().equals("GenuineIntel") || cpuid.vendor().equals("AuthenticAMD"), cpuid.vendor());
            assertTrue(cpuid.features().contains("sse2"), cpuid.features().toString());
        }
    }

    @Test
    void guestOutAndMmioReadExitsAreDecodedFromTheSharedPageAndAnswered() throws Exception {
        byte[] code = {
            (byte) 0xB0,
            0x41,
            (byte) 0xE6,
            0x10, // mov al, 0x41; out 0x10, al
            (byte) 0xA0,
            0x00,
            (byte) 0x90, // mov al, [0x9000]  (MMIO read)
            (byte) 0xE6,
            0x11, // out 0x11, al
            (byte) 0xF4, // hlt
        };
        try (Kvm kvm = Kvm.open();
                KvmVm vm = kvm.createVm()) {
            assertTrue(vm.checkExtension(Capability.NR_MEMSLOTS) > 0);
            MemoryRegion ram = vm.addMemory(0, 0, 0x4000);
            ram.write(0x1000, code);
            Vcpu vcpu = vm.createVcpu(0);
            Sregs sregs = vcpu.sregs();
            vcpu.setSregs(sregs.withCs(sregs.cs().withBaseAndSelector(0, 0)));
            vcpu.setRegs(Regs.initial().withRip(0x1000));
            assertEquals(0x1000, vcpu.regs().rip());

            VcpuExit.Io out = assertInstanceOf(VcpuExit.Io.class, vcpu.run());
            assertEquals(0x10, out.port());
            assertEquals(VcpuExit.Direction.OUT, out.direction());
            assertArrayEquals(new byte[] {0x41}, out.bytes());
            assertThrows(IllegalStateException.class, () -> out.answer((byte) 1));

            VcpuExit.Mmio read = assertInstanceOf(VcpuExit.Mmio.class, vcpu.run());
            assertEquals(0x9000, read.address());
            assertEquals(false, read.isWrite());
            read.answer((byte) 0x77);

            VcpuExit.Io echo = assertInstanceOf(VcpuExit.Io.class, vcpu.run());
            assertEquals(0x11, echo.port());
            assertArrayEquals(new byte[] {0x77}, echo.bytes());
            assertInstanceOf(VcpuExit.Hlt.class, vcpu.run());
            vcpu.close();
            vcpu.close(); // idempotent
        }
    }

    @Test
    void nonKvmDeviceFailsWithNotAKvmDeviceHint() {
        KvmException e = assertThrows(KvmException.class, () -> Kvm.open("/dev/null"));
        assertEquals("ENOTTY", e.errnoName());
        assertTrue(e.getMessage().endsWith("/dev/null is not a KVM device"), e.getMessage());
    }

    @Test
    void closeIsIdempotent() throws Exception {
        Kvm kvm = Kvm.open();
        KvmVm vm = kvm.createVm();
        vm.close();
        vm.close();
        kvm.close();
        kvm.close();
        assertThrows(IllegalStateException.class, kvm::vcpuMmapSize);
    }
}
