package io.kvmctl.limits;

import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Disk I/O limits through QEMU's own throttling: {@code block_set_io_throttle} on the device's qdev id, the same on
 * QEMU 7.2 and 10.0 for kvmctl's {@code -blockdev} + {@code -device} pairs (the limits sit on the device's block
 * backend, so they survive a media change and need no throttle filter node in the graph), read back from
 * {@code query-block}. libvirt sets its {@code <iotune>} the same way, right after starting QEMU paused.
 */
public final class DiskThrottles {
    private final QmpClient qmp;

    public DiskThrottles(QmpClient qmp) {
        this.qmp = qmp;
    }

    /** Puts {@code throttle} in force on its disk (all zero lifts every limit). */
    public void apply(DiskThrottle throttle) throws IOException {
        String qdev = qdevOf(throttle.id());
        try {
            qmp.execute(
                    "block_set_io_throttle",
                    Json.object()
                            .put("id", qdev)
                            .put("bps", throttle.bps())
                            .put("bps_rd", throttle.readBps())
                            .put("bps_wr", throttle.writeBps())
                            .put("iops", throttle.iops())
                            .put("iops_rd", throttle.readIops())
                            .put("iops_wr", throttle.writeIops()));
        } catch (QmpException e) {
            throw new IOException(
                    "disk " + throttle.id() + ": QEMU refused its I/O limits (" + e.getMessage()
                            + "); 'kvmctl device list' shows the disks",
                    e);
        }
    }

    /**
     * The name QEMU finds the disk's block backend by: a virtio-blk-pci device's backend is on its inner
     * virtio-blk-device ({@code /machine/peripheral/ID/virtio-backend}), so the device id alone is refused ("does not
     * have a block device backend"); {@code query-block} tells the path for each device.
     */
    private String qdevOf(String id) throws IOException {
        for (JsonNode b : qmp.execute("query-block")) {
            String qdev = b.path("qdev").asString("");
            if (deviceId(qdev).filter(id::equals).isPresent()) {
                return qdev;
            }
        }
        throw new IOException("the VM has no disk " + id + "; 'kvmctl device list' shows its disks");
    }

    /** The limits of every disk that has some. */
    public List<DiskThrottle> inForce() throws IOException {
        List<DiskThrottle> out = new ArrayList<>();
        for (JsonNode b : qmp.execute("query-block")) {
            JsonNode in = b.path("inserted");
            Optional<String> id = deviceId(b.path("qdev").asString(""));
            if (in.isMissingNode() || id.isEmpty()) {
                continue;
            }
            DiskThrottle t = new DiskThrottle(
                    id.get(),
                    in.path("bps").asLong(0),
                    in.path("bps_rd").asLong(0),
                    in.path("bps_wr").asLong(0),
                    in.path("iops").asLong(0),
                    in.path("iops_rd").asLong(0),
                    in.path("iops_wr").asLong(0));
            if (!t.isUnlimited()) {
                out.add(t);
            }
        }
        return out;
    }

    /** The limits of disk {@code id} (all zero when it has none). */
    public DiskThrottle of(String id) throws IOException {
        return inForce().stream().filter(t -> t.id().equals(id)).findFirst().orElse(DiskThrottle.none(id));
    }

    /** query-block names a device by its id ({@code disk0}) or its QOM path ({@code /machine/peripheral/disk0/...}). */
    static Optional<String> deviceId(String qdev) {
        String prefix = "/machine/peripheral/";
        if (qdev.startsWith(prefix)) {
            String rest = qdev.substring(prefix.length());
            int slash = rest.indexOf('/');
            return Optional.of(slash < 0 ? rest : rest.substring(0, slash));
        }
        return qdev.isEmpty() || qdev.startsWith("/") ? Optional.empty() : Optional.of(qdev);
    }
}
