package io.kvmctl.probe;

import io.kvmctl.files.UserCache;
import io.kvmctl.qmp.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What each QEMU binary said about itself ({@code --version}, {@code -accel help}), kept in the user's cache
 * ({@code qemu-binaries.json}) under the binary's identity: path, size, modification time and inode. Asking costs
 * two process starts per binary, about a tenth of a second for a host's three, on every probe; the answers only
 * change when the file does. A binary that changed in any of those is asked again.
 */
final class QemuBinaryCache {
    static final int FORMAT = 1;

    /** The facts that identify one file on disk: any change to the binary changes at least one of them. */
    record Identity(String path, long size, long modifiedMillis, String fileKey) {
        static Optional<Identity> of(Path binary) {
            try {
                BasicFileAttributes a = Files.readAttributes(binary, BasicFileAttributes.class);
                Object key = a.fileKey();
                return Optional.of(new Identity(
                        binary.toString(),
                        a.size(),
                        a.lastModifiedTime().toMillis(),
                        key == null ? "" : key.toString()));
            } catch (IOException | SecurityException e) {
                return Optional.empty();
            }
        }
    }

    private final Path file;
    private final Map<Identity, QemuBinary> known;

    private QemuBinaryCache(Path file, Map<Identity, QemuBinary> known) {
        this.file = file;
        this.known = known;
    }

    /** The user's cache, read now; empty when there is no cache folder. */
    static Optional<QemuBinaryCache> forUser(Map<String, String> env) {
        return UserCache.folder(env)
                .map(folder -> folder.resolve("qemu-binaries.json"))
                .map(f -> new QemuBinaryCache(
                        f, UserCache.read(f).map(QemuBinaryCache::parse).orElseGet(HashMap::new)));
    }

    Optional<QemuBinary> lookup(Identity identity) {
        return Optional.ofNullable(known.get(identity));
    }

    /** Keeps exactly {@code current}: binaries gone from PATH or changed drop out. */
    void store(Map<Identity, QemuBinary> current) {
        if (!current.equals(known)) {
            UserCache.write(file, Json.MAPPER.writeValueAsString(toJson(current)));
        }
    }

    static ObjectNode toJson(Map<Identity, QemuBinary> binaries) {
        ObjectNode root = Json.object().put("format", FORMAT);
        ArrayNode list = root.putArray("binaries");
        binaries.forEach((id, qemu) -> {
            ObjectNode entry = list.addObject()
                    .put("path", id.path())
                    .put("size", id.size())
                    .put("modified_ms", id.modifiedMillis())
                    .put("file_key", id.fileKey())
                    .put("version", qemu.version());
            qemu.accelerators().forEach(entry.putArray("accelerators")::add);
        });
        return root;
    }

    /** Lenient: a damaged or foreign file reads as empty, so every binary is asked again. */
    static Map<Identity, QemuBinary> parse(String text) {
        Map<Identity, QemuBinary> out = new HashMap<>();
        try {
            JsonNode root = Json.MAPPER.readTree(text);
            if (root.path("format").asInt(0) != FORMAT) {
                return out;
            }
            for (JsonNode e : root.path("binaries")) {
                List<String> accelerators = new ArrayList<>();
                e.path("accelerators").forEach(a -> accelerators.add(a.asString()));
                Identity id = new Identity(
                        e.path("path").asString(),
                        e.path("size").asLong(),
                        e.path("modified_ms").asLong(),
                        e.path("file_key").asString());
                out.put(id, new QemuBinary(id.path(), e.path("version").asString(), accelerators));
            }
            return out;
        } catch (JacksonException | IllegalArgumentException e) {
            return new HashMap<>();
        }
    }
}
