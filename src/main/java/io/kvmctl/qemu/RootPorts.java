package io.kvmctl.qemu;

import io.kvmctl.profile.DiskSpec;
import io.kvmctl.profile.NicSpec;
import io.kvmctl.profile.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the PCI(e) devices of a profile sit. On q35 the root bus {@code pcie.0} cannot unplug anything, so, as
 * libvirt does, each PCI device of the profile (virtio disks, the virtio-scsi controller, NICs, the cloud-init seed)
 * gets a {@code pcie-root-port} of its own ({@code kvmctl-rp-ID}; the guest agent's controller
 * {@value AgentArgs#ROOT_PORT}), and the empty hot-plug slots ({@code kvmctl-hp0}, ...)
 * follow. On {@code pc} the root bus itself takes and releases cards (ACPI hot-plug), so there are no ports.
 *
 * <p>Numbering, as in libvirt's argv: port {@code k} (0, 1, ... in that order) has chassis {@code k + 1}, PCIe port
 * number {@code 0x10 + k}, and sits at function {@code k % 8} of slot {@code 0x2 + k / 8} of the root bus, function 0
 * marked multifunction when the slot has more; eight ports take one slot, so even 32 hot-plug slots leave the root
 * bus room. Slot 0x1 stays for the VGA card, as in libvirt. The layout is a function of the profile alone, so a
 * migration destination built from the same profile has the same one.
 */
record RootPorts(List<Port> ports, Map<String, String> portOfDevice) {
    static final int FIRST_SLOT = 0x2;
    static final int FUNCTIONS = 8;
    static final int FIRST_PORT_NUMBER = 0x10;

    RootPorts {
        ports = List.copyOf(ports);
        portOfDevice = Map.copyOf(portOfDevice);
    }

    /** One root port: its id, chassis, PCIe port number and address on the root bus. */
    record Port(String id, int chassis, int portNumber, int slot, int function, boolean multifunction) {
        /** The {@code addr} property: {@code 0x2}, {@code 0x2.0x1}, ... */
        String addr() {
            return function == 0 ? "0x%x".formatted(slot) : "0x%x.0x%x".formatted(slot, function);
        }
    }

    static RootPorts of(Profile p) {
        if (!p.pcie()) {
            return new RootPorts(List.of(), Map.of());
        }
        List<String> ids = new ArrayList<>();
        Map<String, String> portOf = new LinkedHashMap<>();
        if (p.disks().stream().anyMatch(d -> d.bus() == DiskSpec.Bus.VIRTIO_SCSI)) {
            portOf.put(QemuCommandLine.SCSI_CONTROLLER, QemuCommandLine.PROFILE_PORT_PREFIX + "scsi0");
        }
        p.disks().stream()
                .filter(d -> d.bus() == DiskSpec.Bus.VIRTIO_BLK)
                .forEach(d -> portOf.put(d.id(), QemuCommandLine.PROFILE_PORT_PREFIX + d.id()));
        p.nics().stream().map(NicSpec::id).forEach(id -> portOf.put(id, QemuCommandLine.PROFILE_PORT_PREFIX + id));
        if (p.agent()) {
            portOf.put(AgentArgs.CONTROLLER, AgentArgs.ROOT_PORT);
        }
        if (p.cloudInit().isPresent()) {
            portOf.put(QemuCommandLine.SEED_ID, QemuCommandLine.SEED_PORT);
        }
        ids.addAll(portOf.values());
        for (int i = 0; i < p.hotplugSlots(); i++) {
            ids.add(QemuCommandLine.HOTPLUG_PORT_PREFIX + i);
        }
        List<Port> ports = new ArrayList<>();
        for (int k = 0; k < ids.size(); k++) {
            int slot = FIRST_SLOT + k / FUNCTIONS;
            int function = k % FUNCTIONS;
            boolean more = function == 0 && k + 1 < ids.size();
            ports.add(new Port(ids.get(k), k + 1, FIRST_PORT_NUMBER + k, slot, function, more));
        }
        return new RootPorts(ports, portOf);
    }

    /** The port device {@code id} goes behind, or empty on the root bus. */
    Optional<String> portOf(String deviceId) {
        return Optional.ofNullable(portOfDevice.get(deviceId));
    }
}
