package io.kvmctl.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequirementTest {
    private static final KernelModules PVM = KernelModules.fromSysModule(Map.of("kvm", "", "kvm_pvm", ""));

    @Test
    void parsesCapabilitiesWithAndWithoutMinimumAndCheckIds() {
        List<Requirement> r = Requirement.parseAll("NR_VCPUS>=8, kvm_cap_irqfd,vhost-net");
        assertEquals(new Requirement("NR_VCPUS>=8", "NR_VCPUS", true, 8), r.get(0));
        assertEquals(new Requirement("kvm_cap_irqfd", "IRQFD", true, 1), r.get(1));
        assertEquals(new Requirement("vhost-net", "vhost-net", false, 0), r.get(2));
    }

    @Test
    void rejectsUnknownNamesBadNumbersEmptyItemsAndMinimumsOnChecks() {
        for (String bad : List.of("NR_VCPUZ", "NR_VCPUS>=x", "irqfd,,tun", "tun>=2", "NR_VCPUS>8", "")) {
            Requirement.BadRequirement e =
                    assertThrows(Requirement.BadRequirement.class, () -> Requirement.parseAll(bad), bad);
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void unmetRequirementTurnsAUsableHostIntoRequirementsUnmet() {
        ProbeReport r = Probe.report(
                Fixtures.workingKvm(),
                Fixtures.host("amd-svm.cpuinfo", PVM),
                Requirement.parseAll("NR_VCPUS>=8,IRQFD,vhost-net"));
        assertEquals(Verdict.REQUIREMENTS_UNMET, r.verdict());
        assertEquals(1, r.verdict().exitCode());
        assertEquals("require:NR_VCPUS>=8", r.firstFailure().orElseThrow().id());
        assertEquals(Status.PASS, r.check("require:IRQFD").orElseThrow().status());
        assertEquals(Status.FAIL, r.check("require:vhost-net").orElseThrow().status());
    }

    @Test
    void metRequirementsKeepTheVerdictUsable() {
        ProbeReport r = Probe.report(
                Fixtures.workingKvm(),
                Fixtures.host("amd-svm.cpuinfo", PVM),
                Requirement.parseAll("NR_VCPUS>=4,tun,guest-run"));
        assertEquals(Verdict.USABLE, r.verdict());
    }
}
