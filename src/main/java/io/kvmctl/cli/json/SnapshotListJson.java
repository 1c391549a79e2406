package io.kvmctl.cli.json;

import java.util.List;
import java.util.Map;

/** {@code kvmctl snapshot list --json} ({@code kvmctl.snapshot.list/1}): the tags and on how many disks each is. */
public record SnapshotListJson(String name, List<Snapshot> snapshots) {
    public static final String KIND = "kvmctl.snapshot.list/1";

    public record Snapshot(String tag, int disks) {}

    public static SnapshotListJson of(String vm, Map<String, Integer> tags) {
        return new SnapshotListJson(
                vm,
                tags.entrySet().stream()
                        .map(e -> new Snapshot(e.getKey(), e.getValue()))
                        .toList());
    }
}
