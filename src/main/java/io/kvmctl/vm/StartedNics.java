package io.kvmctl.vm;

import io.kvmctl.agent.GuestAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The NICs a VM started with, read from its recorded argv (the profile may have changed since), so that an address
 * the guest agent reports can be tied to the NIC it lives on by MAC. Pure.
 *
 * @param nics in argv order
 */
public record StartedNics(List<Nic> nics) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public StartedNics {
        nics = List.copyOf(nics);
    }

    /**
     * One NIC.
     *
     * @param mac lower case
     * @param userNetwork whether QEMU's user network (slirp) carries it: its guest address is private to QEMU, and
     *     the host reaches the guest only through forwards
     */
    public record Nic(String id, String mac, boolean userNetwork) {}

    public static StartedNics fromArgv(List<String> argv) {
        Map<String, String> netdevTypes = new HashMap<>();
        List<JsonNode> devices = new ArrayList<>();
        for (int i = 0; i + 1 < argv.size(); i++) {
            String opt = argv.get(i);
            if (!opt.equals("-netdev") && !opt.equals("-device")) {
                continue;
            }
            Optional<JsonNode> json = parse(argv.get(i + 1));
            if (json.isEmpty()) {
                continue;
            }
            JsonNode n = json.get();
            if (opt.equals("-netdev")) {
                netdevTypes.put(n.path("id").asString(""), n.path("type").asString(""));
            } else if (n.hasNonNull("netdev") && n.hasNonNull("mac")) {
                devices.add(n);
            }
        }
        List<Nic> nics = new ArrayList<>();
        for (JsonNode d : devices) {
            String netdev = d.get("netdev").asString();
            nics.add(new Nic(
                    d.path("id").asString(netdev),
                    d.get("mac").asString().toLowerCase(Locale.ROOT),
                    "user".equals(netdevTypes.get(netdev))));
        }
        return new StartedNics(nics);
    }

    /** The NIC with hardware address {@code mac}, if the VM started with one. */
    public Optional<Nic> withMac(String mac) {
        if (mac == null) {
            return Optional.empty();
        }
        String lower = mac.toLowerCase(Locale.ROOT);
        return nics.stream().filter(n -> n.mac().equals(lower)).findFirst();
    }

    /**
     * The address {@code kvmctl ssh} tries when no forward leads to guest port 22: the first routable IPv4 address,
     * one on a NIC of this VM outside the user network first, then one on an interface kvmctl does not know (a
     * guest-made bridge, a hot-plugged NIC). Never one on a user-network NIC: the host cannot reach it.
     */
    public Optional<GuestAddress> sshAddress(List<GuestAddress> addresses) {
        return addresses.stream()
                .filter(a -> a.family().equals("ipv4") && a.routable())
                .filter(a -> withMac(a.mac()).map(n -> !n.userNetwork()).orElse(true))
                .sorted(Comparator.comparingInt(a -> withMac(a.mac()).isPresent() ? 0 : 1)) // stable: guest order
                .findFirst();
    }

    private static Optional<JsonNode> parse(String value) {
        if (!value.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(value));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
