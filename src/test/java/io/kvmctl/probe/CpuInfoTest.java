package io.kvmctl.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuInfoTest {
    @Test
    void intelHostShowsVmxAndConstantTscFromTheFirstProcessorOnly() {
        HostCpu cpu = HostCpu.parse(Fixtures.text("intel-vmx.cpuinfo"));
        assertEquals("GenuineIntel", cpu.vendor());
        assertEquals("vmx", cpu.virtualizationFlag());
        assertTrue(cpu.has("constant_tsc"));
        assertFalse(cpu.underHypervisor());
        assertTrue(cpu.model().startsWith("Intel(R) Xeon(R) Gold 6230"));
    }

    @Test
    void amdHostShowsSvm() {
        HostCpu cpu = HostCpu.parse(Fixtures.text("amd-svm.cpuinfo"));
        assertEquals("AuthenticAMD", cpu.vendor());
        assertEquals("svm", cpu.virtualizationFlag());
    }

    @Test
    void guestWithHiddenFlagsShowsOnlyTheHypervisorFlag() {
        HostCpu cpu = HostCpu.parse(Fixtures.text("hidden-hypervisor.cpuinfo"));
        assertEquals("", cpu.virtualizationFlag());
        assertTrue(cpu.underHypervisor());
        assertFalse(cpu.has("constant_tsc"));
    }

    @Test
    void emptyTextGivesEmptyFacts() {
        HostCpu cpu = HostCpu.parse("");
        assertEquals("", cpu.vendor());
        assertTrue(cpu.flags().isEmpty());
    }
}
