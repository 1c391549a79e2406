package io.kvmctl.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Which block nodes a snapshot covers, from {@code query-block}: every writable disk's top node, which must be
 * qcow2 (only qcow2 stores internal snapshots); the first one also receives the VM state.
 *
 * @param qcow2 node names of the writable qcow2 disks
 * @param others writable disks in other formats, by node name with their format: not in the snapshot
 * @param snapshots tags found on the qcow2 disks, with the number of disks holding each
 */
public record SnapshotDisks(List<String> qcow2, Map<String, String> others, Map<String, Integer> snapshots) {
    public SnapshotDisks {
        qcow2 = List.copyOf(qcow2);
        others = Map.copyOf(others);
        snapshots = Map.copyOf(snapshots);
    }

    static SnapshotDisks fromQueryBlock(JsonNode blocks) {
        List<String> qcow2 = new ArrayList<>();
        Map<String, String> others = new TreeMap<>();
        Map<String, Integer> tags = new TreeMap<>();
        for (JsonNode b : blocks) {
            JsonNode in = b.path("inserted");
            if (in.isMissingNode() || in.path("ro").asBoolean(false)) {
                continue;
            }
            String node = in.path("node-name").asString("");
            String format =
                    in.path("image").path("format").asString(in.path("drv").asString(""));
            if (format.equals("qcow2")) {
                qcow2.add(node);
                in.path("image")
                        .path("snapshots")
                        .forEach(s -> tags.merge(s.path("name").asString(""), 1, Integer::sum));
            } else {
                others.put(node, format);
            }
        }
        return new SnapshotDisks(qcow2, others, tags);
    }

    /** Fails with the fix when there is nothing to hold a snapshot. */
    void requireQcow2(String vm) throws SnapshotException {
        if (qcow2.isEmpty()) {
            throw new SnapshotException("VM " + vm + " has no writable qcow2 disk, and internal snapshots live in"
                    + " qcow2 images" + (others.isEmpty() ? "" : " (its disks: " + others + ")") + "; give it one,"
                    + " e.g. 'kvmctl image create data.qcow2 64M' and a disks: entry, or overlay: true on a disk");
        }
    }
}
