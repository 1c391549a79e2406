package io.kvmctl.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProbeReportJsonTest {
    private static final KernelModules PVM = KernelModules.fromSysModule(Map.of("kvm", "", "kvm_pvm", ""));

    @Test
    void reportFollowsTheDocumentedSchema() {
        ProbeReport report = Probe.report(Fixtures.workingKvm(), Fixtures.host("intel-vmx.cpuinfo", PVM), List.of());
        JsonNode json = JsonMapper.builder().build().readTree(ProbeReportJson.toText(report));

        assertEquals(
                Set.of("schema", "device", "verdict", "exit_code", "reason", "checks", "capabilities", "figures"),
                Set.copyOf(json.propertyNames()));
        assertEquals("kvmctl.probe/2", json.get("schema").asString());
        assertEquals("usable", json.get("verdict").asString());
        assertEquals(0, json.get("exit_code").asInt());
        assertTrue(json.get("reason").isNull());
        for (JsonNode check : json.get("checks")) {
            assertEquals(Set.of("id", "status", "detail", "hint"), Set.copyOf(check.propertyNames()));
            assertTrue(Set.of("pass", "warn", "fail", "skip")
                    .contains(check.get("status").asString()));
        }
        assertEquals(HostChecks.IDS.size(), json.get("checks").size());
        assertEquals(4, json.get("capabilities").get("NR_VCPUS").asInt());
        assertEquals(10_500, json.get("figures").get("io_exit_round_trip_ns").asLong());
        assertEquals(60_000, json.get("figures").get("create_vm_to_hlt_us").asLong());
    }

    @Test
    void negativeReportCarriesTheFirstFailureAsReason() {
        ProbeReport report = Probe.report(Fixtures.busyKvm(), Fixtures.host("intel-vmx.cpuinfo", PVM), List.of());
        JsonNode json = ProbeReportJson.toJson(report);
        assertEquals("not-usable", json.get("verdict").asString());
        assertEquals(1, json.get("exit_code").asInt());
        assertTrue(json.get("reason").asString().startsWith("KVM_CREATE_VM failed: EBUSY"));
        assertTrue(json.get("figures").isEmpty());
    }
}
