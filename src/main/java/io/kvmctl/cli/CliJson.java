package io.kvmctl.cli;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the command line: indented output, ISO-8601 instants and durations. */
final class CliJson {
    static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private CliJson() {}

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
