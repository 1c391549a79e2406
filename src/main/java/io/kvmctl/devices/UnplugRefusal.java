package io.kvmctl.devices;

import io.kvmctl.qemu.QemuCommandLine;
import java.util.Optional;

/**
 * Why a device cannot be unplugged, said before QEMU is asked (its own words, "Bus 'ide.0' does not support
 * hotplugging", name neither the device nor what to do instead). Pure, so each answer is tested without QEMU.
 */
final class UnplugRefusal {
    private UnplugRefusal() {}

    /** The refusal for device {@code id} of QOM type {@code type}, or empty when QEMU may try. */
    static Optional<String> of(String id, String type) {
        if (id.startsWith(MachineDevices.PORT_PREFIX) || id.startsWith(QemuCommandLine.PROFILE_PORT_PREFIX)) {
            return Optional.of(id + " is a root port, not a device; the profile's devices and hotplug_slots decide"
                    + " the ports, at the next start");
        }
        return switch (type) {
            case "ide-cd" ->
                Optional.of("cdrom " + id + " sits on the machine's SATA/IDE controller, which cannot unplug;"
                        + " eject its medium instead: kvmctl device eject NAME " + id);
            case "ide-hd" ->
                Optional.of("disk " + id + " sits on a SATA/IDE controller, which cannot unplug; remove it from the"
                        + " profile and restart the VM, or give disks you want to unplug bus: virtio-blk or"
                        + " virtio-scsi");
            default -> Optional.empty();
        };
    }

    /** QEMU's refusal for a card on a bus without hot-plug, said for the user. */
    static String onFixedBus(String id, String qemuWords) {
        return "device " + id + " cannot be unplugged: " + qemuWords + " (kvmctl puts only its own devices such as"
                + " the VGA card and controllers there; they stay until the VM stops)";
    }
}
