package io.kvmctl.cli.json;

import io.kvmctl.image.ImageInfo;
import java.util.List;

/** {@code kvmctl image info --json} ({@code kvmctl.image.info/1}). */
public record ImageInfoJson(
        String filename,
        String format,
        long virtualSizeBytes,
        long actualSizeBytes,
        String backingFile,
        String backingFormat,
        boolean dirty,
        List<SnapshotJson> snapshots) {
    public static final String KIND = "kvmctl.image.info/1";

    /** {@code date} is seconds since the epoch, as qemu-img gives it. */
    public record SnapshotJson(String id, String name, long vmStateSizeBytes, long date) {}

    public static ImageInfoJson of(ImageInfo i) {
        return new ImageInfoJson(
                i.filename(),
                i.format(),
                i.virtualSize(),
                i.actualSize(),
                i.backingFile().orElse(null),
                i.backingFormat().orElse(null),
                i.dirty(),
                i.snapshots().stream()
                        .map(s -> new SnapshotJson(s.id(), s.name(), s.vmStateSize(), s.dateSeconds()))
                        .toList());
    }
}
