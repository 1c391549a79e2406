package io.kvmctl.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the HMP {@code info usernet} table, the only place QEMU shows which host port slirp bound (QMP has no
 * query for it). A forward asked for with host port 0 is bound by the kernel to a free port inside {@code bind()}
 * itself, so there is no window in which another process could take the port: this table only reads the result.
 *
 * <pre>
 * Hub -1 (net0):
 *   Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ
 *   TCP[HOST_FORWARD]   9       127.0.0.1 35937       10.0.2.15    80     0     0
 * </pre>
 *
 * Rows are listed newest first (slirp prepends), so {@link #forwards} returns them reversed, in the order the rules
 * were added.
 */
public final class UsernetTable {
    private static final Pattern HUB = Pattern.compile("^Hub\\s+-?\\d+\\s+\\((.+)\\):\\s*$");
    private static final Pattern ROW =
            Pattern.compile("^\\s*(TCP|UDP)\\[HOST_FORWARD]\\s+-?\\d+\\s+(\\S+)\\s+(\\d+)\\s+(\\S+)\\s+(\\d+)\\b.*$");

    /** One listening forward of netdev {@code netdevId}. */
    public record Row(
            String netdevId, String protocol, String hostAddress, int hostPort, String guestAddress, int guestPort) {}

    private UsernetTable() {}

    /** The host-forward rows per netdev, in the order the rules were added. */
    public static List<Row> forwards(String infoUsernet) {
        List<Row> rows = new ArrayList<>();
        String netdev = null;
        List<Row> hub = new ArrayList<>();
        for (String line : infoUsernet.split("\\R")) {
            Matcher h = HUB.matcher(line);
            if (h.matches()) {
                rows.addAll(hub.reversed());
                hub.clear();
                netdev = h.group(1);
                continue;
            }
            Matcher r = ROW.matcher(line);
            if (netdev != null && r.matches()) {
                hub.add(new Row(
                        netdev,
                        r.group(1).toLowerCase(Locale.ROOT),
                        r.group(2),
                        Integer.parseInt(r.group(3)),
                        r.group(4),
                        Integer.parseInt(r.group(5))));
            }
        }
        rows.addAll(hub.reversed());
        return List.copyOf(rows);
    }
}
