package io.kvmctl.agent;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the reply of {@code guest-network-get-interfaces}: interfaces, each with its {@code ip-addresses}. */
final class GuestAddresses {
    private GuestAddresses() {}

    static List<GuestAddress> parse(JsonNode interfaces) {
        List<GuestAddress> out = new ArrayList<>();
        for (JsonNode nic : interfaces) {
            String name = nic.path("name").asString("?");
            String mac = nic.path("hardware-address").asString(null);
            for (JsonNode ip : nic.path("ip-addresses")) {
                out.add(new GuestAddress(
                        name,
                        ip.path("ip-address-type").asString("?"),
                        ip.path("ip-address").asString("?"),
                        ip.path("prefix").asInt(0),
                        mac));
            }
        }
        return out;
    }
}
