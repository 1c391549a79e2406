package io.kvmctl.limits;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * I/O limits of one disk, enforced by QEMU's own throttling ({@code block_set_io_throttle}) on the device with
 * this id. 0 means no limit, as in QEMU. A total limit and a read or write limit of the same kind exclude each
 * other (QEMU refuses the pair).
 *
 * @param id the disk's device id (a profile disk's {@code id}, or a hot-added one)
 */
public record DiskThrottle(String id, long bps, long readBps, long writeBps, long iops, long readIops, long writeIops) {

    public DiskThrottle {
        for (long v : new long[] {bps, readBps, writeBps, iops, readIops, writeIops}) {
            if (v < 0) {
                throw new IllegalArgumentException("negative I/O limit for disk " + id);
            }
        }
        if (bps > 0 && (readBps > 0 || writeBps > 0)) {
            throw new IllegalArgumentException(
                    "disk " + id + ": bps (read and write together) and read_bps/write_bps exclude each other;"
                            + " give either the total or the read and write limits");
        }
        if (iops > 0 && (readIops > 0 || writeIops > 0)) {
            throw new IllegalArgumentException(
                    "disk " + id + ": iops (read and write together) and read_iops/write_iops exclude each other;"
                            + " give either the total or the read and write limits");
        }
    }

    /** No limit at all on disk {@code id}: what lifts its throttling. */
    public static DiskThrottle none(String id) {
        return new DiskThrottle(id, 0, 0, 0, 0, 0, 0);
    }

    public boolean isUnlimited() {
        return bps == 0 && readBps == 0 && writeBps == 0 && iops == 0 && readIops == 0 && writeIops == 0;
    }

    /**
     * This throttle with the limits named in {@code changes} replaced (keys as in the profile: {@code bps},
     * {@code read_iops} ...); setting a total clears the read and write limits of its kind and the reverse, so a
     * change never leaves a pair QEMU refuses.
     */
    public DiskThrottle with(Map<String, Long> changes) {
        Map<String, Long> v = new LinkedHashMap<>(asMap());
        for (var e : changes.entrySet()) {
            if (!v.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown disk limit '" + e.getKey() + "'; known: " + v.keySet());
            }
            switch (e.getKey()) {
                case "bps" -> {
                    v.put("read_bps", 0L);
                    v.put("write_bps", 0L);
                }
                case "read_bps", "write_bps" -> v.put("bps", 0L);
                case "iops" -> {
                    v.put("read_iops", 0L);
                    v.put("write_iops", 0L);
                }
                default -> v.put("iops", 0L);
            }
            v.put(e.getKey(), e.getValue());
        }
        return new DiskThrottle(
                id,
                v.get("bps"),
                v.get("read_bps"),
                v.get("write_bps"),
                v.get("iops"),
                v.get("read_iops"),
                v.get("write_iops"));
    }

    /** The limits by their profile keys, in a fixed order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("bps", bps);
        m.put("read_bps", readBps);
        m.put("write_bps", writeBps);
        m.put("iops", iops);
        m.put("read_iops", readIops);
        m.put("write_iops", writeIops);
        return m;
    }
}
