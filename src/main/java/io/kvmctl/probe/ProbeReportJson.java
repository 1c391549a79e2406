package io.kvmctl.probe;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a report. Schema {@value #SCHEMA}: fields and check ids are only ever added, never renamed or
 * removed, so a reader must ignore check ids it does not know. /2 added the {@code firmware} check; /1 listed a closed
 * set of check ids, so a reader could have rejected a new one, hence the new version.
 * <pre>
 * {
 *   "schema": "kvmctl.probe/2",
 *   "device": "/dev/kvm",
 *   "verdict": "usable" | "usable-not-run" | "requirements-unmet" | "not-usable",
 *   "exit_code": 0 | 1,
 *   "reason": null | "detail of the first failing check",
 *   "checks": [ { "id": "device", "status": "pass" | "warn" | "fail" | "skip", "detail": "...", "hint": null | "..." } ],
 *   "capabilities": { "NR_VCPUS": 255, ... },     // empty when KVM did not answer
 *   "figures": { "create_vm_to_hlt_us": 61234, "io_exit_round_trip_ns": 10480, "guest_exits": 5009 }  // empty unless the guest ran
 * }
 * </pre>
 */
public final class ProbeReportJson {
    public static final String SCHEMA = "kvmctl.probe/2";
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private ProbeReportJson() {}

    public static ObjectNode toJson(ProbeReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("device", report.device());
        Verdict verdict = report.verdict();
        root.put("verdict", verdict.label());
        root.put("exit_code", verdict.exitCode());
        root.put("reason", report.firstFailure().map(Check::detail).orElse(null));
        ArrayNode checks = root.putArray("checks");
        for (Check c : report.checks()) {
            ObjectNode n = checks.addObject();
            n.put("id", c.id());
            n.put("status", c.status().label());
            n.put("detail", c.detail());
            n.put("hint", c.hint());
        }
        ObjectNode caps = root.putObject("capabilities");
        report.capabilities().forEach(caps::put);
        ObjectNode figures = root.putObject("figures");
        report.figures().forEach(figures::put);
        return root;
    }

    public static String toText(ProbeReport report) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(report));
    }
}
