package io.kvmctl.create;

import java.nio.file.Path;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The profile {@code create} writes: plain YAML a user can read and edit, with a header saying how it was made.
 * Pure: the caller has checked the request and made the disk.
 */
public final class CreatedProfile {
    /** The VM's disk, in its home beside the profile. */
    public static final String DISK = "disk.qcow2";

    public static final String DISK_ID = "disk0";
    public static final String CDROM_ID = "install";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    private CreatedProfile() {}

    /** The profile's text; {@code commandLine} is how the user asked for it, for the header. */
    public static String yaml(CreateRequest r, String commandLine) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("name", r.name());
        r.accel().ifPresent(a -> p.put("accel", a));
        p.put("machine", "q35");
        p.put("smp", r.cpus());
        p.put("memory", r.memory().toString());
        if (r.firmware() == CreateRequest.Firmware.UEFI) {
            p.put("firmware", "uefi");
        }
        ArrayNode disks = p.putArray("disks");
        disks.addObject().put("id", DISK_ID).put("file", DISK);
        if (r.source() instanceof CreateRequest.Source.Iso(Path iso)) {
            p.putArray("cdroms").addObject().put("id", CDROM_ID).put("file", iso.toString());
            // the installer first; once it has written the disk, the cdrom finds nothing and the disk boots
            p.putArray("boot").add(CDROM_ID).add(DISK_ID);
            p.put("display", "vnc");
        }
        ObjectNode user = p.putArray("nics").addObject().put("id", "net0").putObject("user");
        if (!r.forwards().isEmpty() || r.ssh()) {
            ArrayNode forwards = user.putArray("hostfwd");
            boolean ssh = false;
            for (CreateRequest.Forward f : r.forwards()) {
                ObjectNode fwd = forwards.addObject();
                if (f.hostPort() == 0) {
                    fwd.put("host_port", "auto");
                } else {
                    fwd.put("host_port", f.hostPort());
                }
                fwd.put("guest_port", f.guestPort());
                ssh |= f.guestPort() == 22;
            }
            if (r.ssh() && !ssh) {
                forwards.addObject().put("host_port", "auto").put("guest_port", 22);
            }
        }
        if (r.ssh() || r.cloudInit().isPresent()) {
            ObjectNode cloud = p.putObject("cloud_init");
            if (r.ssh()) {
                cloud.put("ssh", true);
            }
            r.cloudInit().ifPresent(f -> cloud.put("user_data", f.toString()));
        }
        return header(r, commandLine) + YAML.writeValueAsString(p);
    }

    private static String header(CreateRequest r, String commandLine) {
        StringBuilder h = new StringBuilder();
        h.append("# Written by: ").append(commandLine).append('\n');
        if (r.source() instanceof CreateRequest.Source.Image(Path image)) {
            h.append("# ")
                    .append(DISK)
                    .append(" is this VM's own qcow2 overlay over ")
                    .append(image)
                    .append(", which is only read.\n");
        } else {
            h.append("# ").append(DISK).append(" starts empty; the installer boots from the cdrom.\n");
        }
        if (r.ssh() && r.forwards().stream().noneMatch(f -> f.guestPort() == 22)) {
            h.append("# The ssh forward's host port is chosen at each start: 'kvmctl ssh ")
                    .append(r.name())
                    .append("' finds it.\n");
        }
        h.append("# Edit freely; 'kvmctl up' reads it (fields: qemu-profiles/README.md).\n");
        return h.toString();
    }
}
