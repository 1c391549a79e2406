package io.kvmctl.qmp;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the QMP layer (thread-safe once built). */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    /** A new empty object, to build command arguments: {@code Json.object().put("id", "nic0")}. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
