package io.kvmctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON Schema and the README in qemu-profiles/ describe exactly the keys the loader accepts. */
class ProfileDocsTest {
    private static final Path DIR = Path.of("qemu-profiles");

    @Test
    void schemaHasExactlyTheLoaderKeysAtEveryLevel() throws Exception {
        JsonNode schema = JsonMapper.builder().build().readTree(Files.readString(DIR.resolve("profile.schema.json")));
        for (Map.Entry<String, List<String>> e : ProfileKeys.byLocation().entrySet()) {
            JsonNode object = objectAt(schema, e.getKey());
            assertEquals(
                    new TreeSet<>(e.getValue()),
                    new TreeSet<>(object.get("properties").propertyNames()),
                    "schema properties at '" + e.getKey() + "'");
            assertEquals(false, object.get("additionalProperties").booleanValue(), e.getKey());
        }
    }

    @Test
    void readmeDocumentsEveryKey() throws Exception {
        String readme = Files.readString(DIR.resolve("README.md"));
        for (List<String> keys : ProfileKeys.byLocation().values()) {
            for (String key : keys) {
                assertTrue(readme.contains("`" + key + "`"), "README.md does not document `" + key + "`");
            }
        }
    }

    /** Follows a location such as {@code nics[].user.hostfwd[]} through properties, items and oneOf. */
    private static JsonNode objectAt(JsonNode schema, String location) {
        JsonNode node = schema;
        if (!location.isEmpty()) {
            for (String part : location.split("\\.")) {
                boolean list = part.endsWith("[]");
                node = node.get("properties").get(list ? part.substring(0, part.length() - 2) : part);
                if (list) {
                    node = node.get("items");
                }
                if (node.has("oneOf")) {
                    for (JsonNode alt : node.get("oneOf")) {
                        if (alt.has("properties")) {
                            node = alt;
                            break;
                        }
                    }
                }
            }
        }
        return node;
    }
}
