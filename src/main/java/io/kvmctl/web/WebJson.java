package io.kvmctl.web;

import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpEvent;
import io.kvmctl.store.ListedVm;
import io.kvmctl.vm.VmStatus;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON the server sends (docs/design/web-contract.md): pure functions from kvmctl's records to nodes. */
public final class WebJson {
    public static final String LIST_KIND = "kvmctl.web.list/1";

    private WebJson() {}

    /** One VM of the list; {@code cpuPercent} from the stats sampler (0 when none yet). */
    public static ObjectNode vm(ListedVm row, ArgvFacts facts, double cpuPercent) {
        VmStatus s = row.status();
        boolean running = s != null
                && s.pid() > 0
                && s.exit() == null
                && !"exited".equals(s.state())
                && !"stale".equals(s.state());
        ObjectNode n = Json.object()
                .put("name", row.name())
                .put("state", state(row))
                .put("defined", row.defined())
                .put("running", running);
        n.put("accel", s == null ? null : s.accel());
        n.put("vcpus", running ? facts.vcpus() : null);
        n.put("memory_bytes", running ? facts.memoryBytes() : null);
        n.put("uptime_s", s == null || s.uptime() == null ? null : s.uptime().toSeconds());
        n.put("cpu_percent", running ? Math.round(cpuPercent * 10) / 10.0 : 0.0);
        ArrayNode forwards = n.putArray("forwards");
        if (s != null && s.network() != null) {
            s.network()
                    .forwards()
                    .forEach(f -> forwards.add(
                            f.protocol() + " " + f.hostAddress() + ":" + f.hostPort() + "->" + f.guestPort()));
        }
        n.put("vnc", running && facts.vnc());
        n.put("note", s == null ? null : s.detail());
        return n;
    }

    /** The contract's states: QEMU's run state for a running VM, {@code stopped} for a defined VM that is off. */
    static String state(ListedVm row) {
        if (row.status() == null) {
            return row.defined() ? "stopped" : "unknown";
        }
        return row.status().state();
    }

    /** The list message: {@code {"kind":"kvmctl.web.list/1","vms":[...]}}. */
    public static ObjectNode list(List<ObjectNode> vms) {
        ObjectNode n = Json.object().put("kind", LIST_KIND);
        n.putArray("vms").addAll(vms);
        return n;
    }

    /** An action's answer. */
    public static String ok(String message) {
        return Json.object().put("ok", true).put("message", message).toString();
    }

    /** An error's answer: one line saying what is wrong and what to do. */
    public static String error(String message) {
        String line = message == null ? "internal error" : message.strip().replace('\n', ' ');
        return Json.object().put("error", line).toString();
    }

    public static String event(QmpEvent e) {
        ObjectNode n = Json.object().put("type", "event").put("event", e.name());
        n.put(
                "timestamp_ms",
                e.timestamp() == null
                        ? System.currentTimeMillis()
                        : e.timestamp().toEpochMilli());
        n.set("data", e.data() == null ? Json.object() : e.data());
        return n.toString();
    }

    public static String state(String state) {
        return Json.object().put("type", "state").put("state", state).toString();
    }

    public static String gone(String reason) {
        return Json.object().put("type", "gone").put("reason", reason).toString();
    }

    public static String migration(String status, double percent, String line) {
        return Json.object()
                .put("type", "migration")
                .put("status", status)
                .put("percent", percent)
                .put("line", line)
                .toString();
    }
}
