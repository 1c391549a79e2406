package io.kvmctl.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code disks} list: one {@link DiskSpec} per item, with the combinations QEMU refuses reported up front. */
final class DisksSection {
    /** One AHCI controller has six ports. */
    static final int MAX_SATA_DISKS = 6;

    private final Problems problems;
    private final ProfilePaths paths;
    private final DeviceIds ids;

    DisksSection(Problems problems, ProfilePaths paths, DeviceIds ids) {
        this.problems = problems;
        this.paths = paths;
        this.ids = ids;
    }

    List<DiskSpec> read(YamlObject t) {
        List<DiskSpec> disks = new ArrayList<>();
        int sata = 0;
        for (YamlObject.Item item : t.objects("disks", ProfileKeys.DISK)) {
            YamlObject d = item.object();
            String id = ids.read(d, "disk" + item.index());
            Optional<String> fileText = d.string("file");
            if (fileText.isEmpty() && !d.has("file")) {
                problems.error(d.field("file"), "missing", "give the image file, e.g. file: disk.qcow2");
            }
            Optional<Path> image = fileText.flatMap(s -> paths.resolve(d.field("file"), s, true));
            DiskSpec.Format format = d.choice("format", DiskSpec.Format.class, DiskSpec.Format::qemuName)
                    .orElseGet(() -> formatFromName(image));
            DiskSpec.Bus bus =
                    d.choice("bus", DiskSpec.Bus.class, DiskSpec.Bus::yamlName).orElse(DiskSpec.Bus.VIRTIO_BLK);
            DiskSpec.Cache cache = d.choice("cache", DiskSpec.Cache.class, DiskSpec.Cache::qemuName)
                    .orElse(DiskSpec.Cache.WRITEBACK);
            DiskSpec.Aio aio =
                    d.choice("aio", DiskSpec.Aio.class, DiskSpec.Aio::qemuName).orElse(DiskSpec.Aio.THREADS);
            boolean readOnly = d.bool("readonly").orElse(false);
            boolean snapshot = d.bool("snapshot").orElse(false);
            boolean discard = d.bool("discard").orElse(false);
            boolean overlay = d.bool("overlay").orElse(false);
            if (overlay && snapshot) {
                problems.error(
                        d.field("overlay"),
                        "overlay and snapshot both keep writes off the image",
                        "keep one: overlay (kept until 'kvmctl down') or snapshot (QEMU's temporary file)");
            }
            if (overlay && readOnly) {
                problems.error(d.field("overlay"), "a read-only disk needs no overlay", "remove one of them");
            }
            if (aio == DiskSpec.Aio.NATIVE && !cache.direct()) {
                problems.error(
                        d.field("aio"),
                        "aio: native needs O_DIRECT, which cache: " + cache.qemuName() + " does not use",
                        "use cache: none (or directsync), or aio: threads");
            }
            boolean ideLike = bus == DiskSpec.Bus.IDE || bus == DiskSpec.Bus.SATA;
            if (readOnly && ideLike) {
                problems.error(
                        d.field("readonly"),
                        "QEMU's IDE/SATA disks cannot be read-only",
                        "use bus: virtio-blk or virtio-scsi, or a cdrom");
            }
            if (bus == DiskSpec.Bus.SATA && ++sata == MAX_SATA_DISKS + 1) {
                problems.error(
                        d.field("bus"),
                        "more than " + MAX_SATA_DISKS + " sata disks (one AHCI controller)",
                        "use bus: virtio-blk or virtio-scsi for the others");
            }
            disks.add(new DiskSpec(
                    id, image.orElse(paths.dir()), format, bus, cache, aio, readOnly, snapshot, discard, overlay));
        }
        return disks;
    }

    /** The format its file extension names ({@code .qcow2}, {@code .vhd}...), raw otherwise. */
    private static DiskSpec.Format formatFromName(Optional<Path> image) {
        String n = image.map(Path::getFileName)
                .map(f -> f.toString().toLowerCase(Locale.ROOT))
                .orElse("");
        for (DiskSpec.Format f : DiskSpec.Format.values()) {
            if (n.endsWith("." + f.qemuName())) {
                return f;
            }
        }
        return n.endsWith(".vhd") ? DiskSpec.Format.VPC : DiskSpec.Format.RAW;
    }
}
