package io.kvmctl.qapi;

import io.kvmctl.qmp.Replies;
import tools.jackson.databind.JsonNode;

/** {@code query-status}: the run state ({@code running}, {@code paused}, {@code prelaunch}, ...) and whether vCPUs run. */
public record QmpStatus(String status, boolean running) {
    static QmpStatus fromJson(JsonNode r) {
        return new QmpStatus(Replies.stringOr(r.get("status"), ""), Replies.boolOr(r.get("running"), false));
    }
}
