package io.kvmctl.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostChecksTest {
    private static final KernelModules PVM = KernelModules.fromSysModule(Map.of("kvm", "", "kvm_pvm", ""));

    @Test
    void hiddenVirtualizationFlagsWithWorkingKvmAreReportedAsNestedOrPvmNotFailure() {
        Check cpu = HostChecks.cpu(HostCpu.parse(Fixtures.text("hidden-hypervisor.cpuinfo")), true);
        assertEquals(Status.PASS, cpu.status());
        assertTrue(cpu.detail().contains("kvm_pvm"), cpu.detail());
    }

    @Test
    void bareMetalWithoutFlagsAndWithoutKvmFailsWithFirmwareHint() {
        HostCpu noFlags = new HostCpu("GenuineIntel", "x", java.util.Set.of("fpu"));
        Check cpu = HostChecks.cpu(noFlags, false);
        assertEquals(Status.FAIL, cpu.status());
        assertTrue(cpu.hint().contains("firmware"));
    }

    @Test
    void intelAndAmdFlagsPass() {
        assertEquals(
                Status.PASS,
                HostChecks.cpu(HostCpu.parse(Fixtures.text("intel-vmx.cpuinfo")), false)
                        .status());
        assertEquals(
                Status.PASS,
                HostChecks.cpu(HostCpu.parse(Fixtures.text("amd-svm.cpuinfo")), false)
                        .status());
    }

    @Test
    void workingKvmGivesUsableVerdictAndFigures() {
        ProbeReport r = Probe.report(Fixtures.workingKvm(), Fixtures.host("amd-svm.cpuinfo", PVM), List.of());
        assertEquals(Verdict.USABLE, r.verdict());
        assertEquals(10_500L, r.figures().get("io_exit_round_trip_ns"));
        assertEquals(HostChecks.IDS, r.checks().stream().map(Check::id).toList());
    }

    @Test
    void ebusyOnCreateVmIsTheFirstFailureAndNamesTheOtherHypervisor() {
        ProbeReport r = Probe.report(Fixtures.busyKvm(), Fixtures.host("intel-vmx.cpuinfo", PVM), List.of());
        assertEquals(Verdict.NOT_USABLE, r.verdict());
        Check first = r.firstFailure().orElseThrow();
        assertEquals(HostChecks.CREATE_VM, first.id());
        assertTrue(first.hint().contains("VirtualBox"), first.hint());
        assertEquals(Status.SKIP, r.check(HostChecks.GUEST_RUN).orElseThrow().status());
    }

    @Test
    void missingDeviceFailsFirstAndSkipsTheKvmSteps() {
        ProbeReport r = Probe.report(
                KvmFacts.missing("/dev/kvm", true),
                Fixtures.host("hidden-hypervisor.cpuinfo", KernelModules.fromSysModule(Map.of())),
                List.of());
        assertEquals(Verdict.NOT_USABLE, r.verdict());
        assertEquals(HostChecks.DEVICE, r.firstFailure().orElseThrow().id());
        assertEquals(Status.SKIP, r.check(HostChecks.CREATE_VM).orElseThrow().status());
        assertEquals(Status.SKIP, r.check(HostChecks.CAPABILITIES).orElseThrow().status());
    }

    @Test
    void hugePagesAndAcceleratorsAreParsedFromText() {
        HugePages hp = HugePages.parseMeminfo(Fixtures.text("meminfo"));
        assertEquals(new HugePages(512, 500, 2048), hp);
        assertEquals(List.of("tcg", "kvm"), QemuBinary.parseAccelerators(Fixtures.text("accel-help.txt")));
    }

    @Test
    void everyCheckIdHasARowInTheDocsTable() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/probe.md"));
        for (String id : HostChecks.IDS) {
            assertTrue(doc.contains("\n| `" + id + "` |"), "docs/probe.md has no table row for check id " + id);
        }
    }
}
