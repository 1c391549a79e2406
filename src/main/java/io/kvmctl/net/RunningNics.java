package io.kvmctl.net;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the QEMU command line of a running VM says about its NICs and slots: NIC ids and MACs, the machine type and
 * the hot-plug root ports. Read from the recorded argv, so it works for any VM kvmctl started, whatever profile.
 */
public record RunningNics(String machine, Set<String> ids, Set<String> macs, List<String> hotplugPorts, int nicCount) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static RunningNics fromArgv(List<String> argv) {
        String machine = "";
        Set<String> ids = new HashSet<>();
        Set<String> macs = new HashSet<>();
        List<String> ports = new ArrayList<>();
        int nics = 0;
        for (int i = 0; i + 1 < argv.size(); i++) {
            String opt = argv.get(i);
            String value = argv.get(i + 1);
            if (opt.equals("-machine")) {
                machine = value.replaceFirst("^type=", "").split(",", 2)[0];
            } else if ((opt.equals("-device") || opt.equals("-netdev")) && value.startsWith("{")) {
                Optional<JsonNode> json = parse(value);
                if (json.isEmpty()) {
                    continue;
                }
                JsonNode n = json.get();
                if (n.hasNonNull("id")) {
                    ids.add(n.get("id").asString());
                }
                if (opt.equals("-device") && n.hasNonNull("netdev")) {
                    nics++;
                    if (n.hasNonNull("mac")) {
                        macs.add(n.get("mac").asString());
                    }
                }
                if (opt.equals("-device")
                        && "pcie-root-port".equals(n.path("driver").asString(""))
                        && n.path("id").asString("").startsWith("kvmctl-hp")) {
                    ports.add(n.get("id").asString());
                }
            }
        }
        return new RunningNics(machine, Set.copyOf(ids), Set.copyOf(macs), List.copyOf(ports), nics);
    }

    private static Optional<JsonNode> parse(String value) {
        try {
            return Optional.of(JSON.readTree(value));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
