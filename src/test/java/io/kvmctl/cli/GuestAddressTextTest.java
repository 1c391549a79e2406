package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.agent.GuestAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestAddressTextTest {
    private static final GuestAddress V6 =
            new GuestAddress("ens2", "ipv6", "fec0::5054:ff:fe12:3456", 64, "52:54:00:12:34:56");
    private static final GuestAddress V4 = new GuestAddress("ens2", "ipv4", "10.0.2.15", 24, "52:54:00:12:34:56");

    @Test
    void statusShowsEveryAddressWithPrefixAndInterface() {
        assertEquals("fec0::5054:ff:fe12:3456/64 (ens2), 10.0.2.15/24 (ens2)", GuestAddressText.all(List.of(V6, V4)));
    }

    @Test
    void listShowsTheFirstIpv4AddressEvenAfterAnIpv6One() {
        assertEquals("10.0.2.15", GuestAddressText.first(List.of(V6, V4)));
        assertEquals("fec0::5054:ff:fe12:3456", GuestAddressText.first(List.of(V6)));
    }

    @Test
    void noAddressIsADash() {
        assertEquals("-", GuestAddressText.all(List.of()));
        assertEquals("-", GuestAddressText.first(List.of()));
    }
}
