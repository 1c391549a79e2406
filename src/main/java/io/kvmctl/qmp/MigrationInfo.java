package io.kvmctl.qmp;

import tools.jackson.databind.JsonNode;

/**
 * {@code query-migrate}: the status ({@code none}, {@code setup}, {@code active}, {@code completed},
 * {@code failed}, ...), the RAM figures when present, and the whole reply for the rest.
 */
public record MigrationInfo(String status, long ramTransferred, long ramRemaining, long ramTotal, String errorDesc,
        JsonNode raw) {
    static MigrationInfo fromJson(JsonNode r) {
        JsonNode ram = r.path("ram");
        return new MigrationInfo(r.path("status").asString("none"), ram.path("transferred").asLong(0),
                ram.path("remaining").asLong(0), ram.path("total").asLong(0),
                r.has("error-desc") ? r.get("error-desc").asString() : null, r);
    }
}
