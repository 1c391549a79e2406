package io.kvmctl.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code qmp_sockets}: names of QMP monitors kept for outside tools (python's qemu.qmp, socat, a monitoring agent).
 * Each becomes {@code qmp-NAME.sock} in the VM's runtime directory, bound 0600 by kvmctl like its own monitors;
 * kvmctl never connects to them, so whatever a tool does there never stalls a kvmctl command.
 */
final class QmpSocketsSection {
    /** QEMU has no limit, but each monitor is a socket and a thread's worth of state: a handful is plenty. */
    static final int MAX = 8;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private QmpSocketsSection() {}

    static List<String> read(YamlObject t, Problems problems) {
        List<String> names = new ArrayList<>();
        var items = t.list("qmp_sockets");
        for (int i = 0; i < items.size(); i++) {
            String field = "qmp_sockets[" + i + "]";
            var name = YamlObject.text(items.get(i), field, problems);
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name.get()).matches()) {
                problems.error(
                        field,
                        "'" + name.get() + "' is not a socket name",
                        "use 1-32 of lower-case letters, digits, '_' and '-', starting with a letter or digit "
                                + "(it becomes qmp-NAME.sock in the VM's runtime directory)");
            } else if (names.contains(name.get())) {
                problems.error(field, "'" + name.get() + "' is listed twice", "give each socket its own name");
            } else {
                names.add(name.get());
            }
        }
        if (names.size() > MAX) {
            problems.error(
                    "qmp_sockets",
                    names.size() + " sockets are more than " + MAX,
                    "share one socket between tools that take turns, or list at most " + MAX);
        }
        return names;
    }
}
