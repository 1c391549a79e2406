package io.kvmctl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class GuestAddressesTest {
    @Test
    void readsEachAddressWithItsInterfaceAndLowerCaseMac() {
        String reply = """
                [{"name": "lo", "ip-addresses": [{"ip-address-type": "ipv4", "ip-address": "127.0.0.1", "prefix": 8}]},
                 {"name": "ens2", "hardware-address": "52:54:00:AB:CD:EF",
                  "ip-addresses": [{"ip-address-type": "ipv4", "ip-address": "10.0.2.15", "prefix": 24}]}]
                """;
        List<GuestAddress> parsed =
                GuestAddresses.parse(JsonMapper.builder().build().readTree(reply));
        assertEquals(
                List.of(
                        new GuestAddress("lo", "ipv4", "127.0.0.1", 8, null),
                        new GuestAddress("ens2", "ipv4", "10.0.2.15", 24, "52:54:00:ab:cd:ef")),
                parsed);
    }

    @Test
    void ipv4LinkLocalIsNotRoutable() {
        assertFalse(new GuestAddress("ens2", "ipv4", "169.254.10.1", 16, null).routable());
    }
}
