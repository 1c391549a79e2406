package io.kvmctl.cli;

import io.kvmctl.agent.GuestAddress;
import java.util.List;
import java.util.stream.Collectors;

/** The guest's addresses as {@code status} and {@code list} print them; {@code -} when its agent told none. */
final class GuestAddressText {
    private GuestAddressText() {}

    /** Every address with its prefix and interface: {@code 10.0.2.15/24 (ens2), fec0::5054:ff:fe12:3456/64 (ens2)}. */
    static String all(List<GuestAddress> addresses) {
        if (addresses.isEmpty()) {
            return "-";
        }
        return addresses.stream().map(a -> a + " (" + a.interfaceName() + ")").collect(Collectors.joining(", "));
    }

    /** One address for a table column: the first IPv4 one, since that is what a user types, else the first. */
    static String first(List<GuestAddress> addresses) {
        return addresses.stream()
                .filter(a -> a.family().equals("ipv4"))
                .findFirst()
                .or(() -> addresses.stream().findFirst())
                .map(GuestAddress::address)
                .orElse("-");
    }
}
