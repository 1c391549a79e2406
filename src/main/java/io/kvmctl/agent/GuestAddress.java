package io.kvmctl.agent;

import java.util.Locale;

/**
 * One address of a guest interface, as the agent reports it.
 *
 * @param family {@code ipv4} or {@code ipv6}
 * @param mac the interface's hardware address (lower case), or null when the agent gave none (loopback)
 */
public record GuestAddress(String interfaceName, String family, String address, int prefix, String mac) {
    public GuestAddress {
        mac = mac == null || mac.isEmpty() ? null : mac.toLowerCase(Locale.ROOT);
    }

    /** Whether it can reach the guest from outside it: not loopback, not link-local (IPv4 or IPv6). */
    public boolean routable() {
        return !interfaceName.equals("lo")
                && !address.startsWith("127.")
                && !address.startsWith("169.254.")
                && !address.equals("::1")
                && !address.toLowerCase(Locale.ROOT).startsWith("fe80:");
    }

    @Override
    public String toString() {
        return address + "/" + prefix;
    }
}
