package io.kvmctl.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirmwareCheckTest {
    private static final HostCpu INTEL = HostCpu.parse(Fixtures.text("intel-vmx.cpuinfo"));
    private static final HostCpu INTEL_VMX_HIDDEN = HostCpu.parse(Fixtures.text("intel-novmx-bare.cpuinfo"));
    private static final HostCpu AMD = HostCpu.parse(Fixtures.text("amd-svm.cpuinfo"));
    private static final HostCpu AMD_GUEST_NO_SVM = HostCpu.parse(Fixtures.text("hidden-hypervisor.cpuinfo"));
    private static final Optional<String> ORDINARY_LOG = Optional.of(Fixtures.text("ordinary.dmesg"));
    private static final String NO_MODULE = "/dev/cpu/0/msr is missing: the msr module is not loaded";

    private static Check check(HostCpu cpu, FirmwareFacts facts) {
        return FirmwareCheck.check(cpu, facts, false);
    }

    @Test
    void intelLockedWithVmxOffIsSwitchedOffInTheFirmwareWithThePowerCycleFix() {
        Check c = check(INTEL_VMX_HIDDEN, FirmwareFacts.msr(0x1, ORDINARY_LOG, ""));
        assertEquals(Status.FAIL, c.status());
        assertTrue(
                c.detail().contains("IA32_FEATURE_CONTROL (MSR 0x3a) = 0x1: locked, VMX outside SMX off"), c.detail());
        assertTrue(c.hint().contains("Intel Virtualization Technology"), c.hint());
        assertTrue(c.hint().contains("power the machine off and on"), c.hint());
    }

    @Test
    void intelLockedWithVmxOnPasses() {
        Check c = check(INTEL, FirmwareFacts.msr(0x5, ORDINARY_LOG, ""));
        assertEquals(Status.PASS, c.status());
        assertTrue(c.detail().contains("locked, VMX outside SMX on"), c.detail());
    }

    @Test
    void intelUnlockedIsNotSwitchedOffBecauseTheKernelMayStillEnableIt() {
        // kvm-ok: only a locked register with the VMX bit clear counts as disabled.
        Check c = check(INTEL, FirmwareFacts.msr(0x4, ORDINARY_LOG, ""));
        assertEquals(Status.PASS, c.status());
        assertTrue(c.detail().contains("unlocked"), c.detail());
        assertEquals(
                Status.PASS,
                check(INTEL, FirmwareFacts.msr(0x0, ORDINARY_LOG, "")).status());
    }

    @Test
    void amdWithSvmdisSetIsSwitchedOffAndClearPasses() {
        Check off = check(AMD, FirmwareFacts.msr(0x18, ORDINARY_LOG, ""));
        assertEquals(Status.FAIL, off.status());
        assertTrue(off.detail().contains("AMD-V (SVM) is switched off"), off.detail());
        assertTrue(off.detail().contains("VM_CR (MSR 0xc0010114) = 0x18: SVMDIS set"), off.detail());
        assertTrue(off.hint().contains("SVM Mode"), off.hint());
        Check on = check(AMD, FirmwareFacts.msr(0x8, ORDINARY_LOG, ""));
        assertEquals(Status.PASS, on.status());
        assertTrue(on.detail().contains("SVMDIS clear"), on.detail());
    }

    @Test
    void unreadableMsrFallsBackToTheKernelsDisabledByBiosLine() {
        Check intel = check(
                INTEL_VMX_HIDDEN,
                FirmwareFacts.noMsr(NO_MODULE, Optional.of(Fixtures.text("intel-disabled.dmesg")), ""));
        assertEquals(Status.FAIL, intel.status());
        assertTrue(
                intel.detail()
                        .contains(
                                "says the kernel log: \"kvm_intel: VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL on CPU 0\""),
                intel.detail());
        assertTrue(intel.detail().contains("msr module is not loaded"), intel.detail());
        Check amd = check(
                AMD,
                FirmwareFacts.noMsr("/dev/cpu/0/msr needs root", Optional.of(Fixtures.text("amd-disabled.dmesg")), ""));
        assertEquals(Status.FAIL, amd.status());
        assertTrue(amd.detail().contains("\"kvm: disabled by bios\""), amd.detail());
    }

    @Test
    void unreadableMsrAndNoKernelLineIsUnknownAndSaysHowToReadTheMsr() {
        Check c = check(AMD, FirmwareFacts.noMsr(NO_MODULE, ORDINARY_LOG, ""));
        assertEquals(Status.WARN, c.status());
        assertTrue(c.detail().startsWith("firmware state unknown: VM_CR not read"), c.detail());
        assertTrue(c.detail().contains("no \"disabled by BIOS\" line"), c.detail());
        assertTrue(c.hint().contains("modprobe msr"), c.hint());
        Check noLog = check(INTEL, FirmwareFacts.noMsr(NO_MODULE, Optional.empty(), "dmesg failed (exit 1)"));
        assertEquals(Status.WARN, noLog.status());
        assertTrue(noLog.detail().contains("kernel log not read: dmesg failed"), noLog.detail());
    }

    @Test
    void aGuestWhoseCpuHidesSvmIsUnknownNotDisabledByBiosWhateverTheVirtualMsrSays() {
        for (FirmwareFacts facts :
                List.of(FirmwareFacts.msr(0x10, ORDINARY_LOG, ""), FirmwareFacts.noMsr(NO_MODULE, ORDINARY_LOG, ""))) {
            Check c = check(AMD_GUEST_NO_SVM, facts);
            assertEquals(Status.WARN, c.status());
            assertEquals(
                    "firmware state unknown: the CPU does not expose VMX/SVM to this kernel (it runs under a"
                            + " hypervisor, which decides what the virtual CPU shows)",
                    c.detail());
            assertFalse(c.hint().contains("firmware"), c.hint());
        }
    }

    @Test
    void workingKvmPassesWithoutReadingAnything() {
        Check c = FirmwareCheck.check(AMD, FirmwareFacts.notRead(), true);
        assertEquals(Status.PASS, c.status());
        assertTrue(c.detail().startsWith("not read"), c.detail());
    }

    @Test
    void unknownVendorIsUnknownNotGuessed() {
        Check c = check(
                new HostCpu("VIA VIA VIA ", "x", java.util.Set.of("fpu")),
                FirmwareFacts.noMsr("unknown CPU vendor", ORDINARY_LOG, ""));
        assertEquals(Status.WARN, c.status());
        assertTrue(c.detail().contains("neither Intel nor AMD"), c.detail());
    }

    @Test
    void vendorIdChoosesTheExtensionAndItsRegister() {
        assertEquals(Optional.of(VirtualizationExtension.VMX), VirtualizationExtension.ofVendor("GenuineIntel"));
        assertEquals(Optional.of(VirtualizationExtension.SVM), VirtualizationExtension.ofVendor("AuthenticAMD"));
        assertEquals(Optional.of(VirtualizationExtension.SVM), VirtualizationExtension.ofVendor("HygonGenuine"));
        assertEquals(0x3aL, VirtualizationExtension.VMX.msr());
        assertEquals(0xC0010114L, VirtualizationExtension.SVM.msr());
    }

    @Test
    void kernelLinesOfEachKernelGenerationAreRecognisedAndTimestampsDropped() {
        assertEquals(
                Optional.of("kvm: disabled by bios"), FirmwareCheck.disabledLine("[    3.1] kvm: disabled by bios\n"));
        assertTrue(FirmwareCheck.disabledLine("kvm_amd: SVM disabled (by BIOS) in MSR_VM_CR on CPU 1")
                .isPresent());
        assertTrue(FirmwareCheck.disabledLine("x86/cpu: VMX (outside TXT) disabled by BIOS")
                .isPresent());
        assertEquals(Optional.empty(), FirmwareCheck.disabledLine(Fixtures.text("ordinary.dmesg")));
    }

    @Test
    void aFirmwareFailureIsTheReportsReasonAheadOfTheMissingDevice() {
        ProbeReport r = Probe.report(
                KvmFacts.missing("/dev/kvm", true),
                Fixtures.host("intel-novmx-bare.cpuinfo", FirmwareFacts.msr(0x1, ORDINARY_LOG, "")),
                List.of());
        assertEquals(Verdict.NOT_USABLE, r.verdict());
        assertEquals(HostChecks.FIRMWARE, r.firstFailure().orElseThrow().id());
        assertTrue(ProbeReportTable.verdictLine(r).contains("VT-x is switched off in the firmware"));
        assertEquals(
                "fail",
                ProbeReportJson.toJson(r).get("checks").get(6).get("status").asString());
    }

    @Test
    void msrIsReadAsEightLittleEndianBytesAtTheRegistersOffset(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        // The msr driver maps the file offset to the register number; a plain file laid out the same way stands in.
        byte[] bytes = new byte[0x3a + 8];
        bytes[0x3a] = 0x05;
        bytes[0x3a + 7] = 0x01;
        java.nio.file.Path fake = java.nio.file.Files.write(dir.resolve("msr"), bytes);
        assertEquals(0x0100_0000_0000_0005L, FirmwareFactsReader.readMsr(fake, 0x3a));
        org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class, () -> FirmwareFactsReader.readMsr(fake, 0x3a + 4));
    }
}
