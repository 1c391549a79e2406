package io.kvmctl.cli;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper of the command line: indented, snake_case keys. Every document a command prints starts with
 * its {@code kind} ({@code kvmctl.list/1}), the shape's name and version, and the rest comes from an output record
 * in {@link io.kvmctl.cli.json} (docs/json.md).
 */
final class CliJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private CliJson() {}

    /** {@code {"kind": KIND, ...the shape's fields}}: the kind first, so a reader sees what it holds. */
    static String write(String kind, Object shape) {
        return MAPPER.writeValueAsString(document(kind, shape));
    }

    /** Like {@link #write}, on one line: for streams of documents (JSON Lines), such as {@code top --json}. */
    static String line(String kind, Object shape) {
        return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document(kind, shape));
    }

    static ObjectNode document(String kind, Object shape) {
        ObjectNode root = MAPPER.createObjectNode().put("kind", kind);
        root.setAll((ObjectNode) MAPPER.valueToTree(shape));
        return root;
    }
}
