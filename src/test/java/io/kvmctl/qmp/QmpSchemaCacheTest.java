package io.kvmctl.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.FakeQmpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class QmpSchemaCacheTest {
    private static final String SCHEMA = """
            [{"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "1"},
             {"name": "0", "meta-type": "object", "members": []},
             {"name": "human-monitor-command", "meta-type": "command", "arg-type": "10", "ret-type": "str"},
             {"name": "10", "meta-type": "object", "members": [{"name": "command-line", "type": "str"}]}]
            """;

    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("try") // the server only has to run while the clients talk to it
    void theSecondConnectionToTheSameQemuValidatesWithoutAskingForTheSchema() throws Exception {
        AtomicInteger schemaRequests = new AtomicInteger();
        QmpSchemaCache cache = new QmpSchemaCache(tmp.resolve("cache"));
        QmpOptions options = QmpOptions.defaults().withValidateCommands(true).withSchemaSource(cache);
        Path socket = tmp.resolve("qmp.sock");
        try (FakeQmpServer server = FakeQmpServer.listening(socket, List.of(), command -> {
            String name = command.path("execute").asString();
            if (name.equals("query-qmp-schema")) {
                schemaRequests.incrementAndGet();
                return List.of(FakeQmpServer.replyLine(SCHEMA));
            }
            return List.of(FakeQmpServer.replyLine("{\"status\": \"running\", \"running\": true}"));
        })) {
            for (int i = 0; i < 2; i++) {
                try (QmpClient client = QmpClient.connect(socket, options)) {
                    assertEquals(
                            "running",
                            client.execute("query-status").path("status").asString());
                    QmpValidationException typo =
                            assertThrows(QmpValidationException.class, () -> client.execute("query-staus"));
                    assertTrue(typo.getMessage().contains("did you mean 'query-status'"), typo.getMessage());
                }
            }
        }
        assertEquals(1, schemaRequests.get(), "the schema was fetched once and then read from the cache");
        try (var files = Files.list(tmp.resolve("cache"))) {
            assertEquals(1, files.count(), "one file for the one binary");
        }
    }

    @Test
    void keepsNamesAndArgumentsAndRefusesOtherFormats() throws Exception {
        QmpSchema schema = QmpSchema.fromIntrospection(Json.MAPPER.readTree(SCHEMA));
        JsonNode kept = schema.toCacheJson();
        QmpSchema back = QmpSchema.fromCacheJson(kept);
        assertEquals(schema.commandNames(), back.commandNames());
        assertEquals(Optional.of(Set.of("command-line")), back.argumentNames("human-monitor-command"));
        assertThrows(
                IllegalArgumentException.class,
                () -> QmpSchema.fromCacheJson(Json.MAPPER.readTree("{\"format\": 99, \"commands\": {}}")));
        assertThrows(
                IllegalArgumentException.class,
                () -> QmpSchema.fromCacheJson(Json.MAPPER.readTree("{\"format\": 1, \"commands\": {\"x\": 3}}")));
    }

    @Test
    void anUpgradedOrRebuiltBinaryGetsItsOwnFile() {
        QemuVersion v72 = new QemuVersion(7, 2, 22, "Debian 1:7.2+dfsg-7");
        String base = QmpSchemaCache.fileName(v72, "/usr/bin/qemu-system-x86_64", 100, 1000);
        assertEquals(base, QmpSchemaCache.fileName(v72, "/usr/bin/qemu-system-x86_64", 100, 1000));
        assertNotEquals(base, QmpSchemaCache.fileName(v72, "/usr/bin/qemu-system-x86_64", 100, 2000));
        assertNotEquals(base, QmpSchemaCache.fileName(v72, "/usr/bin/qemu-system-x86_64", 101, 1000));
        assertNotEquals(base, QmpSchemaCache.fileName(v72, "/opt/qemu/bin/qemu-system-x86_64", 100, 1000));
        assertNotEquals(
                base,
                QmpSchemaCache.fileName(
                        new QemuVersion(10, 0, 2, "Debian 1:10.0.2+ds-1"), "/usr/bin/qemu-system-x86_64", 100, 1000));
        assertTrue(base.matches("[0-9a-f]{32}\\.json"), base);
    }

    @Test
    void livesInTheUsersCacheFolder() {
        assertEquals(
                Optional.of(Path.of("/c/kvmctl/qmp-schema")),
                QmpSchemaCache.forUser(Map.of("XDG_CACHE_HOME", "/c", "HOME", "/h"))
                        .map(QmpSchemaCache::folder));
        assertEquals(
                Optional.of(Path.of("/h/.cache/kvmctl/qmp-schema")),
                QmpSchemaCache.forUser(Map.of("HOME", "/h")).map(QmpSchemaCache::folder));
        assertEquals(Optional.empty(), QmpSchemaCache.forUser(Map.of()));
    }
}
