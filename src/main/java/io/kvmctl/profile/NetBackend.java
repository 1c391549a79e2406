package io.kvmctl.profile;

import java.util.List;
import java.util.Optional;

/** How a NIC reaches the outside: QEMU's user-mode stack, a tap device, or a tap on a bridge. */
public sealed interface NetBackend {

    /** Slirp user networking; the guest is reachable only through {@code hostfwd} port forwards. */
    record User(List<PortForward> forwards) implements NetBackend {
        public User {
            forwards = List.copyOf(forwards);
        }
    }

    /**
     * A tap device. If the launcher passes an open fd (the launch context's {@code nicFds}), QEMU uses it; otherwise QEMU
     * (as root) opens or creates {@code ifname} itself, and removes a tap it created when it exits.
     */
    record Tap(Optional<String> ifname) implements NetBackend {}

    /** A tap attached to an existing bridge: via a launcher fd, or else via qemu-bridge-helper. */
    record Bridge(String name) implements NetBackend {}

    /** A host port forwarded to the guest: {@code protocol:hostAddress:hostPort-guestAddress:guestPort}. */
    record PortForward(
            Protocol protocol, String hostAddress, int hostPort, Optional<String> guestAddress, int guestPort) {
        /** The rule in slirp's hostfwd syntax; every part is validated (IP literals, port numbers), so it is safe. */
        public String hostfwdRule() {
            return protocol.name().toLowerCase(java.util.Locale.ROOT) + ":" + hostAddress + ":" + hostPort + "-"
                    + guestAddress.orElse("") + ":" + guestPort;
        }
    }

    enum Protocol {
        TCP,
        UDP
    }
}
