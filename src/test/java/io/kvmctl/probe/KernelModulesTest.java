package io.kvmctl.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelModulesTest {
    @Test
    void procModulesOfAnIntelHostYieldKvmIntelWithItsNestedParameter() {
        KernelModules m = KernelModules.fromProcModules(Fixtures.text("intel.modules"), Map.of("kvm_intel", "Y"));
        assertEquals(List.of("kvm_intel", "kvm"), List.copyOf(m.loaded().keySet()));
        assertEquals(Optional.of("kvm_intel"), m.provider());
        assertEquals(Optional.of(true), m.nestedEnabled());
    }

    @Test
    void procModulesOfAnAmdHostIgnoreUnrelatedModules() {
        KernelModules m = KernelModules.fromProcModules(Fixtures.text("amd.modules"), Map.of("kvm_amd", "0"));
        assertEquals(Optional.of("kvm_amd"), m.provider());
        assertEquals(Optional.of(false), m.nestedEnabled());
        assertFalse(m.has("vhost_net"));
    }

    @Test
    void sysModuleListingFindsKvmPvmWithoutNestedParameter() {
        Map<String, String> present = new HashMap<>();
        present.put("kvm", null);
        present.put("kvm_pvm", null);
        KernelModules m = KernelModules.fromSysModule(present);
        assertEquals(List.of("kvm", "kvm_pvm"), List.copyOf(m.loaded().keySet()));
        assertEquals(Optional.of("kvm_pvm"), m.provider());
        assertEquals(Optional.empty(), m.nestedEnabled());
    }
}
