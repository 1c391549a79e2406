package io.kvmctl.store;

import java.time.Instant;
import java.util.List;

/**
 * What {@code kvmctl info} shows of a defined VM (virsh dominfo): its definition, state, resources, disks with
 * sizes, NICs with MACs and forwards, autostart and how it last stopped.
 *
 * <p>Paths are plain strings, so {@code --json} prints them as paths rather than {@code file://} URIs.
 *
 * @param pendingChange whether the definition changed after the running VM started (it applies at the next start)
 */
public record VmInfo(
        String name,
        String state,
        String definition,
        String home,
        boolean autostart,
        int cpus,
        String memory,
        String firmware,
        List<Disk> disks,
        List<Nic> nics,
        Instant startedAt,
        boolean pendingChange,
        LastStop lastStop) {
    public VmInfo {
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
    }

    /**
     * A disk of the definition.
     *
     * @param virtualSize the guest-visible size in bytes, or -1 when the image cannot be read
     * @param fileSize the bytes the image takes on the host (allocated), or -1 when it is missing
     */
    public record Disk(String id, String file, String format, long virtualSize, long fileSize, boolean overlay) {}

    /**
     * A NIC of the definition.
     *
     * @param network {@code user}, {@code tap NAME} or {@code bridge NAME}; forwards in slirp's hostfwd syntax
     */
    public record Nic(String id, String model, String mac, String network, List<String> forwards) {
        public Nic {
            forwards = List.copyOf(forwards);
        }
    }
}
