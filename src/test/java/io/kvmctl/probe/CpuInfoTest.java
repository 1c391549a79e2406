package io.kvmctl.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuInfoTest {
    @Test
    void intelHostShowsVmxAndConstantTscFromTheFirstProcessorOnly() {
        CpuInfo cpu = CpuInfo.parse(Fixtures.text("intel-vmx.cpuinfo"));
        assertEquals("GenuineIntel", cpu.vendor());
        assertEquals("vmx", cpu.virtualizationFlag());
        assertTrue(cpu.has("constant_tsc"));
        assertFalse(cpu.underHypervisor());
        assertTrue(cpu.model().startsWith("Intel(R) Xeon(R) Gold 6230"));
    }

    @Test
    void amdHostShowsSvm() {
        CpuInfo cpu = CpuInfo.parse(Fixtures.text("amd-svm.cpuinfo"));
        assertEquals("AuthenticAMD", cpu.vendor());
        assertEquals("svm", cpu.virtualizationFlag());
    }

    @Test
    void guestWithHiddenFlagsShowsOnlyTheHypervisorFlag() {
        CpuInfo cpu = CpuInfo.parse(Fixtures.text("hidden-hypervisor.cpuinfo"));
        assertEquals("", cpu.virtualizationFlag());
        assertTrue(cpu.underHypervisor());
        assertFalse(cpu.has("constant_tsc"));
    }

    @Test
    void emptyTextGivesEmptyFacts() {
        CpuInfo cpu = CpuInfo.parse("");
        assertEquals("", cpu.vendor());
        assertTrue(cpu.flags().isEmpty());
    }
}
