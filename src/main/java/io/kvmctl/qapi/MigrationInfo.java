package io.kvmctl.qapi;

import io.kvmctl.qmp.Replies;
import tools.jackson.databind.JsonNode;

/**
 * {@code query-migrate}: the status ({@code none}, {@code setup}, {@code active}, {@code completed},
 * {@code failed}, ...), the RAM figures when present, and the whole reply for the rest.
 */
public record MigrationInfo(
        String status, long ramTransferred, long ramRemaining, long ramTotal, String errorDesc, JsonNode raw) {
    static MigrationInfo fromJson(JsonNode r) {
        JsonNode ram = r.path("ram");
        return new MigrationInfo(
                Replies.stringOr(r.get("status"), "none"),
                Replies.longOr(ram.get("transferred"), 0),
                Replies.longOr(ram.get("remaining"), 0),
                Replies.longOr(ram.get("total"), 0),
                Replies.stringOr(r.get("error-desc"), null),
                r);
    }
}
