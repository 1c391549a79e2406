package io.kvmctl.profile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ids of a profile's guest devices. Disks, the cdrom and NICs all become QEMU devices (and block nodes), so
 * their ids share one namespace, follow QEMU's id rules and stay clear of kvmctl's own {@code kvmctl-} ids.
 */
final class DeviceIds {
    /** QEMU ids start with a letter; 31 characters is the limit of a block node name. */
    static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,30}");

    private final Problems problems;

    DeviceIds(Problems problems) {
        this.problems = problems;
    }

    /** The object's {@code id}, or {@code fallback} (such as {@code disk0}) when it has none. */
    String read(YamlObject o, String fallback) {
        Optional<String> id = o.string("id");
        if (id.isEmpty()) {
            return fallback;
        }
        String s = id.get();
        if (!ID.matcher(s).matches()) {
            problems.error(
                    o.field("id"),
                    "'" + s + "' is not a valid id",
                    "use 1 to 31 letters, digits, '_' or" + " '-', starting with a letter");
        } else if (s.startsWith(ExtraArgs.RESERVED_ID_PREFIX)) {
            problems.error(
                    o.field("id"),
                    "ids starting with '" + ExtraArgs.RESERVED_ID_PREFIX + "' are kvmctl's own",
                    "choose another id");
        }
        return s;
    }

    /** Reports every id used twice among the disks, the cdroms and the NICs. */
    void checkUnique(List<DiskSpec> disks, List<CdromSpec> cdroms, List<NicSpec> nics) {
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < cdroms.size(); i++) {
            CdromSpec c = cdroms.get(i);
            duplicate(seen, c.id(), c.id().equals(Profile.CDROM_ID) ? "cdrom" : "cdroms[" + i + "].id");
        }
        for (int i = 0; i < disks.size(); i++) {
            duplicate(seen, disks.get(i).id(), "disks[" + i + "].id");
        }
        for (int i = 0; i < nics.size(); i++) {
            duplicate(seen, nics.get(i).id(), "nics[" + i + "].id");
        }
    }

    private void duplicate(Map<String, String> seen, String id, String field) {
        String before = seen.putIfAbsent(id, field);
        if (before != null) {
            problems.error(
                    field, "id '" + id + "' is already used by " + before, "give each disk, cdrom and NIC its own id");
        }
    }
}
