package io.kvmctl.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CD-ROM drives: the single {@code cdrom: FILE} (id {@value Profile#CDROM_ID}, as always) or a {@code cdroms}
 * list of {@code id} and {@code file}. They go on the machine's own disk controller, with the {@code bus: ide} disks,
 * so together they must fit its ports.
 */
final class CdromsSection {
    /** q35's ICH9 AHCI controller has six SATA ports, one drive each. */
    static final int Q35_BUILT_IN_PORTS = 6;

    /** The PIIX IDE controller of {@code pc} has two channels of two drives (master and slave). */
    static final int PC_BUILT_IN_PORTS = 4;

    private final Problems problems;
    private final ProfilePaths paths;
    private final DeviceIds ids;

    CdromsSection(Problems problems, ProfilePaths paths, DeviceIds ids) {
        this.problems = problems;
        this.paths = paths;
        this.ids = ids;
    }

    List<CdromSpec> read(YamlObject t, List<DiskSpec> disks, boolean pcie) {
        List<CdromSpec> cdroms = new ArrayList<>();
        if (t.has("cdrom") && t.has("cdroms")) {
            problems.error("cdroms", "cdrom and cdroms are both given", "move the cdrom: file into the cdroms: list");
        }
        t.string("cdrom")
                .flatMap(s -> paths.resolve("cdrom", s, true))
                .ifPresent(iso -> cdroms.add(new CdromSpec(Profile.CDROM_ID, iso)));
        for (YamlObject.Item item : t.objects("cdroms", ProfileKeys.CDROM)) {
            YamlObject c = item.object();
            String id = ids.read(c, "cd" + item.index());
            if (!c.has("file")) {
                problems.error(c.field("file"), "missing", "give the ISO image, e.g. file: install.iso");
            }
            Optional<Path> iso = c.string("file").flatMap(s -> paths.resolve(c.field("file"), s, true));
            iso.ifPresent(file -> cdroms.add(new CdromSpec(id, file)));
        }
        long ideDisks = disks.stream().filter(d -> d.bus() == DiskSpec.Bus.IDE).count();
        int ports = pcie ? Q35_BUILT_IN_PORTS : PC_BUILT_IN_PORTS;
        if (cdroms.size() + ideDisks > ports) {
            problems.error(
                    t.has("cdroms") ? "cdroms" : "cdrom",
                    cdroms.size() + " cdroms and " + ideDisks + " ide disks do not fit the "
                            + (pcie ? "AHCI controller's " : "IDE controller's ") + ports + " ports",
                    "give the disks bus: sata or virtio-blk, or list fewer cdroms");
        }
        return cdroms;
    }
}
