package io.kvmctl.net;

import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.NicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Matches the forwards a profile asked for with the rows QEMU reports, giving each its final host port. Each row
 * is used once and in order, so two identical "auto" rules get the two ports in the order they were added.
 */
public final class ForwardResolver {
    private ForwardResolver() {}

    /**
     * Reads the host port the kernel picked for each forward from QEMU's {@code info usernet} table.
     *
     * @throws NetworkSetupException when a requested forward has no listening row (QEMU would have failed to
     *     start, so this means the table format changed)
     */
    public static List<ForwardMapping> resolve(List<NicSpec> nics, List<UsernetTable.Row> rows)
            throws NetworkSetupException {
        List<UsernetTable.Row> free = new ArrayList<>(rows);
        List<ForwardMapping> out = new ArrayList<>();
        for (NicSpec nic : nics) {
            if (!(nic.backend() instanceof NetBackend.User(var forwards))) {
                continue;
            }
            for (NetBackend.PortForward f : forwards) {
                String protocol = f.protocol().name().toLowerCase(Locale.ROOT);
                UsernetTable.Row match = free.stream()
                        .filter(r -> r.netdevId().equals(nic.id())
                                && r.protocol().equals(protocol)
                                && r.guestPort() == f.guestPort()
                                && (f.hostPort() == 0 || r.hostPort() == f.hostPort())
                                && (f.guestAddress().isEmpty()
                                        || f.guestAddress().get().equals(r.guestAddress())))
                        .findFirst()
                        .orElseThrow(() -> new NetworkSetupException("QEMU does not list the forward " + f.hostfwdRule()
                                + " of NIC " + nic.id() + " in 'info usernet'"));
                free.remove(match);
                out.add(new ForwardMapping(
                        nic.id(),
                        protocol,
                        match.hostAddress(),
                        match.hostPort(),
                        match.guestAddress(),
                        match.guestPort(),
                        f.hostPort()));
            }
        }
        return List.copyOf(out);
    }
}
