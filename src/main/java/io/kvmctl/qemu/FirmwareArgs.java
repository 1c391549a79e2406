package io.kvmctl.qemu;

import io.kvmctl.firmware.FirmwareDescriptor;
import io.kvmctl.firmware.VmFirmware;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The argv of UEFI firmware, as libvirt writes it: two flash devices given as {@code -blockdev} nodes and named
 * by the machine's {@code pflash0}/{@code pflash1} properties (not {@code -drive if=pflash}, which cannot carry
 * node names for QMP): the code read-only, the VM's own variables store writable, so boot entries set in the guest
 * (efibootmgr, an installer) survive a restart. A Secure Boot build needs SMM, and its flash must be writable only
 * from SMM, or the guest could rewrite the keys that Secure Boot checks against.
 *
 * @param options           {@code -blockdev} and {@code -global} options, in order
 * @param machineProperties properties the {@code -machine} option must carry
 */
public record FirmwareArgs(List<String> options, Map<String, String> machineProperties) {
    /** The node names, fixed so QMP ({@code query-named-block-nodes}) and tests can find them. */
    public static final String CODE_NODE = "kvmctl-fw-code";

    public static final String VARS_NODE = "kvmctl-fw-vars";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public FirmwareArgs {
        options = List.copyOf(options);
        machineProperties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(machineProperties));
    }

    /** Firmware {@code firmware} with the VM's variables store at {@code vars} (a copy of its template). */
    public static FirmwareArgs of(FirmwareDescriptor firmware, Path vars) {
        return of(VmFirmware.of(firmware, vars));
    }

    /** The firmware a VM runs, as chosen at its first start and recorded with it. */
    public static FirmwareArgs of(VmFirmware firmware) {
        List<String> options = new ArrayList<>();
        options.add("-blockdev");
        options.add(JSON.writeValueAsString(node(CODE_NODE, firmware.format(), Path.of(firmware.code()), true)));
        options.add("-blockdev");
        options.add(JSON.writeValueAsString(node(VARS_NODE, firmware.format(), Path.of(firmware.vars()), false)));
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("pflash0", CODE_NODE);
        machine.put("pflash1", VARS_NODE);
        if (firmware.smm()) {
            machine.put("smm", "on");
            options.add("-global");
            options.add("driver=cfi.pflash01,property=secure,value=on");
        }
        return new FirmwareArgs(options, machine);
    }

    private static ObjectNode node(String name, String format, Path file, boolean readOnly) {
        ObjectNode protocol = JSON.createObjectNode()
                .put("driver", "file")
                .put("filename", file.toString())
                .put("read-only", readOnly);
        ObjectNode node = JSON.createObjectNode()
                .put("driver", format)
                .put("node-name", name)
                .put("read-only", readOnly);
        node.set("file", protocol);
        return node;
    }
}
