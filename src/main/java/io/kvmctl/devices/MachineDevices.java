package io.kvmctl.devices;

import io.kvmctl.qmp.Replies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What a running VM has now, as far as hot-plug cares: user-created devices by id and QOM type, block node names,
 * the empty kvmctl hot-plug root ports, whether the machine is PCI Express and which CD-ROM drives exist.
 */
public record MachineDevices(
        Map<String, String> devices, Set<String> blockNodes, List<String> freePorts, boolean pcie) {
    public static final String PORT_PREFIX = io.kvmctl.qemu.QemuCommandLine.HOTPLUG_PORT_PREFIX;

    public MachineDevices {
        devices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(devices));
        blockNodes = Set.copyOf(blockNodes);
        freePorts = List.copyOf(freePorts);
    }

    /**
     * From {@code qom-list /machine/peripheral}, {@code query-pci}, {@code query-named-block-nodes} and the
     * machine's QOM type ({@code pc-q35-7.2-machine}).
     */
    static MachineDevices fromQmp(JsonNode peripheral, JsonNode pci, JsonNode nodes, String machineType) {
        Map<String, String> devices = new LinkedHashMap<>();
        for (JsonNode p : peripheral) {
            String type = p.path("type").asString("");
            Optional<String> name = Replies.optionalString(p.get("name"));
            if (type.startsWith("child<") && type.endsWith(">") && name.isPresent()) {
                devices.put(name.get(), type.substring(6, type.length() - 1));
            }
        }
        Set<String> blockNodes = new TreeSet<>();
        nodes.forEach(n -> blockNodes.add(n.path("node-name").asString("")));
        List<String> free = new ArrayList<>();
        for (JsonNode bus : pci) {
            for (JsonNode d : bus.path("devices")) {
                String id = d.path("qdev_id").asString("");
                if (id.startsWith(PORT_PREFIX)
                        && d.path("pci_bridge").path("devices").isEmpty()) {
                    free.add(id);
                }
            }
        }
        free.sort((a, b) -> Integer.compare(portNumber(a), portNumber(b)));
        return new MachineDevices(devices, blockNodes, free, machineType.contains("q35"));
    }

    private static int portNumber(String id) {
        try {
            return Integer.parseInt(id.substring(PORT_PREFIX.length()));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** Whether {@code id} names a device or a block node already. */
    public boolean taken(String id) {
        return devices.containsKey(id) || blockNodes.contains(id);
    }

    /** The first free id of the prefix followed by 0, 1, 2, ... */
    String nextId(String prefix) {
        for (int i = 0; ; i++) {
            if (!taken(prefix + i)) {
                return prefix + i;
            }
        }
    }

    /** Ids of the devices of QOM type {@code type}. */
    List<String> ofType(String type) {
        return devices.entrySet().stream()
                .filter(e -> e.getValue().equals(type))
                .map(Map.Entry::getKey)
                .toList();
    }
}
