package io.kvmctl.cli;

import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/** How QMP replies and events look on the terminal and as JSON lines. Pure. */
final class QmpOutput {
    private QmpOutput() {}

    /** For people: HMP-style text as is, an empty reply as OK, anything else as indented JSON. */
    static String human(JsonNode value) {
        if (value == null || value.isNull() || (value.isObject() && value.isEmpty())) {
            return "OK";
        }
        if (value.isString()) {
            return value.stringValue().replace("\r\n", "\n").stripTrailing();
        }
        return Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    }

    /** One JSON line per event, as QEMU sends them: {@code {"event":..., "data":..., "timestamp":...}}. */
    static String eventLine(QmpEvent e) {
        var node = Json.object();
        node.put("event", e.name());
        node.set("data", e.data());
        node.putObject("timestamp")
                .put("seconds", e.timestamp().getEpochSecond())
                // QMP's timestamp is whole seconds plus the microseconds within that second, as getNano() gives.
                .put("microseconds", getNanoWithinSecond(e.timestamp()) / 1000);
        return Json.MAPPER.writeValueAsString(node);
    }

    /** For people: {@code 12:00:01.123456 DEVICE_DELETED {"device":"nic1"}}. */
    static String eventHuman(QmpEvent e) {
        return e.timestamp() + " " + e.name()
                + (e.data().isEmpty() ? "" : " " + Json.MAPPER.writeValueAsString(e.data()));
    }

    @SuppressWarnings("JavaInstantGetSecondsGetNano") // the adjustment within the second is what QMP's format wants
    private static int getNanoWithinSecond(java.time.Instant instant) {
        return instant.getNano();
    }
}
