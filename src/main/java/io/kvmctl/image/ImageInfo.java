package io.kvmctl.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What {@code qemu-img info --output=json} says about one image.
 *
 * @param backingFile the backing image as recorded in the header (may be relative to the image's folder)
 * @param snapshots internal snapshots (qcow2)
 */
public record ImageInfo(
        String filename,
        String format,
        long virtualSize,
        long actualSize,
        Optional<String> backingFile,
        Optional<String> backingFormat,
        boolean dirty,
        List<Snapshot> snapshots) {

    public ImageInfo {
        snapshots = List.copyOf(snapshots);
    }

    /** One internal snapshot: its id, tag, saved VM state size and when it was taken (seconds since the epoch). */
    public record Snapshot(String id, String name, long vmStateSize, long dateSeconds) {}

    static ImageInfo fromJson(JsonNode n) {
        List<Snapshot> snapshots = new ArrayList<>();
        n.path("snapshots")
                .forEach(s -> snapshots.add(new Snapshot(
                        s.path("id").asString(""),
                        s.path("name").asString(""),
                        s.path("vm-state-size").asLong(0),
                        s.path("date-sec").asLong(0))));
        return new ImageInfo(
                n.path("filename").asString(""),
                n.path("format").asString(""),
                n.path("virtual-size").asLong(0),
                n.path("actual-size").asLong(0),
                text(n, "full-backing-filename").or(() -> text(n, "backing-filename")),
                text(n, "backing-filename-format"),
                n.path("dirty-flag").asBoolean(false),
                snapshots);
    }

    private static Optional<String> text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asString());
    }
}
