package io.kvmctl.cli;

import io.kvmctl.net.CreatedTap;
import io.kvmctl.net.ForwardMapping;
import io.kvmctl.net.HotNic;
import io.kvmctl.net.NetworkState;
import java.io.PrintWriter;

/** The network part of {@code kvmctl status}: forwards, created taps, hot-added NICs, notes. */
final class NetworkStatusLines {
    private NetworkStatusLines() {}

    static void print(PrintWriter out, NetworkState net) {
        for (ForwardMapping f : net.forwards()) {
            out.printf("%-12s %s (NIC %s)%n", "forward:", f.describe(), f.nicId());
        }
        for (CreatedTap t : net.createdTaps()) {
            out.printf(
                    "%-12s %s for NIC %s%s (created by kvmctl, removed at down)%n",
                    "tap:", t.name(), t.nicId(), t.bridge() == null ? "" : " on bridge " + t.bridge());
        }
        for (HotNic n : net.hotNics()) {
            out.printf("%-12s %s %s %s mac %s%n", "hot nic:", n.id(), n.model(), n.backend(), n.mac());
        }
        for (String note : net.notes()) {
            out.printf("%-12s %s%n", "net note:", note);
        }
    }
}
