package io.kvmctl.cli.json;

import io.kvmctl.store.LastStop;
import io.kvmctl.store.VmInfo;
import java.util.List;

/** {@code kvmctl info --json} ({@code kvmctl.info/1}): a defined VM's definition, disks, NICs and last stop. */
public record InfoJson(
        String name,
        String state,
        String definition,
        String home,
        boolean autostart,
        int cpus,
        Long memoryBytes,
        String firmware,
        List<DiskJson> disks,
        List<NicJson> nics,
        String startedAt,
        boolean pendingChange,
        LastStopJson lastStop) {
    public static final String KIND = "kvmctl.info/1";

    /** {@code virtual_size_bytes}/{@code file_size_bytes} are null when the image cannot be read or is missing. */
    public record DiskJson(
            String id, String file, String format, Long virtualSizeBytes, Long fileSizeBytes, boolean overlay) {}

    public record NicJson(String id, String model, String mac, String network, List<String> forwards) {}

    public record LastStopJson(String at, String how, String qemuExit, boolean crashed) {}

    public static InfoJson of(VmInfo i) {
        LastStop l = i.lastStop();
        return new InfoJson(
                i.name(),
                i.state(),
                i.definition(),
                i.home(),
                i.autostart(),
                i.cpus(),
                bytes(i.memory()),
                i.firmware(),
                i.disks().stream()
                        .map(d -> new DiskJson(
                                d.id(),
                                d.file(),
                                d.format(),
                                d.virtualSize() < 0 ? null : d.virtualSize(),
                                d.fileSize() < 0 ? null : d.fileSize(),
                                d.overlay()))
                        .toList(),
                i.nics().stream()
                        .map(n -> new NicJson(n.id(), n.model(), n.mac(), n.network(), n.forwards()))
                        .toList(),
                i.startedAt() == null ? null : i.startedAt().toString(),
                i.pendingChange(),
                l == null ? null : new LastStopJson(String.valueOf(l.at()), l.how(), l.qemuExit(), l.crashed()));
    }

    private static Long bytes(String size) {
        try {
            return size == null ? null : io.kvmctl.profile.Size.parse(size).bytes();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
