package io.kvmctl.agent;

/**
 * One address of a guest interface, as the agent reports it.
 *
 * @param family {@code ipv4} or {@code ipv6}
 */
public record GuestAddress(String interfaceName, String family, String address, int prefix) {
    /** Whether it can reach the guest from outside it: not loopback, not IPv6 link-local. */
    public boolean routable() {
        return !interfaceName.equals("lo")
                && !address.startsWith("127.")
                && !address.equals("::1")
                && !address.toLowerCase(java.util.Locale.ROOT).startsWith("fe80:");
    }

    @Override
    public String toString() {
        return address + "/" + prefix;
    }
}
