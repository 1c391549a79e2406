package io.kvmctl.devices;

import io.kvmctl.files.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Records a hot-added device in a profile file so the next {@code kvmctl up} of it has the device too. The file is
 * rewritten from its parsed tree (comments are not kept) through a temporary file and a rename, so a failure leaves
 * it as it was.
 */
public final class ProfileEdits {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private ProfileEdits() {}

    /** Appends {@code disk} to the {@code disks:} list (paths absolute, so the copy works from anywhere). */
    public static void addDisk(Path profile, String id, DeviceRequest.Disk disk) throws IOException {
        ObjectNode root = read(profile);
        JsonNode existing = root.get("disks");
        if (existing != null && !existing.isArray()) {
            throw new DeviceException(profile + ": disks is not a list; fix the profile first");
        }
        ArrayNode disks = existing == null ? root.putArray("disks") : (ArrayNode) existing;
        for (JsonNode d : disks) {
            if (id.equals(d.path("id").asString(null))) {
                throw new DeviceException(profile + " already has a disk with id " + id);
            }
        }
        ObjectNode entry = disks.addObject()
                .put("id", id)
                .put("file", disk.file().toAbsolutePath().toString())
                .put("format", disk.format().qemuName())
                .put("bus", disk.bus().yamlName());
        if (disk.readOnly()) {
            entry.put("readonly", true);
        }
        write(profile, root);
    }

    /** Sets {@code cdrom: FILE}. */
    public static void setCdrom(Path profile, Path iso) throws IOException {
        ObjectNode root = read(profile);
        root.put("cdrom", iso.toAbsolutePath().toString());
        write(profile, root);
    }

    static ObjectNode read(Path profile) throws IOException {
        try {
            JsonNode n = YAML.readTree(Files.readString(profile));
            if (!(n instanceof ObjectNode o)) {
                throw new DeviceException(profile + " is not a mapping of profile keys");
            }
            return o;
        } catch (JacksonException e) {
            throw new DeviceException(profile + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    static void write(Path profile, ObjectNode root) throws IOException {
        AtomicFile.write(profile, YAML.writeValueAsString(root).getBytes(StandardCharsets.UTF_8), "the profile");
    }
}
