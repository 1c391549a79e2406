package io.kvmctl.devices;

import io.kvmctl.profile.DiskSpec;
import io.kvmctl.qmp.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * The QMP commands that add a device to a running VM, worked out from what the VM has ({@link MachineDevices}):
 * block node first, then the device on a free hot-plug slot (q35) or the root bus (pc), a controller first when
 * the device needs one. Pure, so every plan is tested without QEMU.
 *
 * @param id the new device's id (also its block node's name)
 * @param steps in order
 * @param undo what reverses the steps, run in order when a later step fails
 * @param description for the user: {@code virtio-blk disk hd0 on slot kvmctl-hp0}
 */
public record HotplugPlan(String id, List<QmpStep> steps, List<QmpStep> undo, String description) {
    /** As in profiles: QEMU ids start with a letter; 31 characters is a block node name's limit. */
    static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,30}");

    public static final String SCSI_CONTROLLER = "kvmctl-scsi0";
    public static final String USB_CONTROLLER = "kvmctl-xhci0";

    public HotplugPlan {
        steps = List.copyOf(steps);
        undo = List.copyOf(undo);
    }

    public static HotplugPlan of(DeviceRequest request, MachineDevices vm) throws DeviceException {
        return new Builder(vm).plan(request);
    }

    private static final class Builder {
        private final MachineDevices vm;
        private final Deque<String> ports;
        private final List<QmpStep> steps = new ArrayList<>();
        private final Deque<QmpStep> undo = new ArrayDeque<>();

        Builder(MachineDevices vm) {
            this.vm = vm;
            this.ports = new ArrayDeque<>(vm.freePorts());
        }

        HotplugPlan plan(DeviceRequest request) throws DeviceException {
            return switch (request) {
                case DeviceRequest.Disk d -> disk(d);
                case DeviceRequest.Cdrom c -> cdrom(c);
                case DeviceRequest.Usb u -> usb(u);
            };
        }

        private HotplugPlan disk(DeviceRequest.Disk d) throws DeviceException {
            String id = newId(d.id(), "hd");
            String where;
            if (d.bus() == DiskSpec.Bus.VIRTIO_BLK) {
                blockdev(id, d.format().qemuName(), d.file().toString(), d.readOnly());
                ObjectNode dev = Json.object()
                        .put("driver", "virtio-blk-pci")
                        .put("id", id)
                        .put("drive", id);
                where = pciSlot(dev, "virtio-blk disk " + id);
                add(dev);
            } else if (d.bus() == DiskSpec.Bus.VIRTIO_SCSI) {
                where = scsiController();
                blockdev(id, d.format().qemuName(), d.file().toString(), d.readOnly());
                add(Json.object()
                        .put("driver", "scsi-hd")
                        .put("id", id)
                        .put("drive", id)
                        .put("bus", SCSI_CONTROLLER + ".0"));
            } else {
                throw new DeviceException("disks on " + d.bus().yamlName() + " cannot be hot-plugged (QEMU's IDE and"
                        + " AHCI have no hot-plug); use --bus virtio-blk or virtio-scsi");
            }
            return done(id, d.bus().yamlName() + " disk " + id + " (" + d.file() + ")" + where);
        }

        private HotplugPlan cdrom(DeviceRequest.Cdrom c) throws DeviceException {
            List<String> drives = new ArrayList<>(vm.ofType("ide-cd"));
            drives.addAll(vm.ofType("scsi-cd"));
            Optional<String> target = c.id().isPresent()
                    ? c.id().filter(drives::contains)
                    : drives.stream().findFirst();
            if (target.isPresent()) {
                steps.add(new QmpStep(
                        "blockdev-change-medium",
                        Json.object()
                                .put("id", target.get())
                                .put("filename", c.file().toString())
                                .put("format", "raw")
                                .put("read-only-mode", "read-only")));
                return new HotplugPlan(
                        target.get(), steps, List.of(), "medium " + c.file() + " in CD-ROM drive " + target.get());
            }
            String id = newId(c.id(), "cd");
            String where = scsiController();
            blockdev(id, "raw", c.file().toString(), true);
            add(Json.object()
                    .put("driver", "scsi-cd")
                    .put("id", id)
                    .put("drive", id)
                    .put("bus", SCSI_CONTROLLER + ".0"));
            return done(id, "SCSI CD-ROM " + id + " with " + c.file() + where);
        }

        private HotplugPlan usb(DeviceRequest.Usb u) throws DeviceException {
            String id = newId(u.id(), "usb");
            String where = "";
            if (!vm.devices().containsKey(USB_CONTROLLER)) {
                ObjectNode xhci = Json.object().put("driver", "qemu-xhci").put("id", USB_CONTROLLER);
                where = pciSlot(xhci, "the USB controller");
                addController(xhci);
            }
            ObjectNode dev =
                    Json.object().put("driver", u.kind().driver()).put("id", id).put("bus", USB_CONTROLLER + ".0");
            if (u.kind() == DeviceRequest.UsbKind.HOST) {
                String host = u.hostDevice()
                        .orElseThrow(() -> new DeviceException(
                                "usb host needs the device as" + " VENDOR:PRODUCT in hex, e.g. 046d:c52b (see lsusb)"));
                if (!host.matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{4}")) {
                    throw new DeviceException("'" + host + "' is not VENDOR:PRODUCT; write four hex digits each,"
                            + " e.g. 046d:c52b (see lsusb)");
                }
                dev.put("vendorid", "0x" + host.substring(0, 4)).put("productid", "0x" + host.substring(5));
            }
            add(dev);
            return done(id, "USB " + u.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + id + where);
        }

        /** The virtio-scsi controller, added on a slot when the VM has none. */
        private String scsiController() throws DeviceException {
            if (vm.devices().containsKey(SCSI_CONTROLLER)) {
                return " on " + SCSI_CONTROLLER;
            }
            ObjectNode dev = Json.object().put("driver", "virtio-scsi-pci").put("id", SCSI_CONTROLLER);
            String where = pciSlot(dev, "a virtio-scsi controller");
            addController(dev);
            return " on a new virtio-scsi controller" + where;
        }

        /** Puts {@code dev} on the next free root port (q35) or leaves it to the root bus (pc). */
        private String pciSlot(ObjectNode dev, String what) throws DeviceException {
            if (!vm.pcie()) {
                return "";
            }
            String port = ports.pollFirst();
            if (port == null) {
                throw new DeviceException("no free hot-plug slot for " + what + ": every " + MachineDevices.PORT_PREFIX
                        + "N root port is in use or the profile has hotplug_slots: 0; raise hotplug_slots in the"
                        + " profile and restart the VM, or remove a hot-added device");
            }
            dev.put("bus", port);
            return " (slot " + port + ")";
        }

        private String newId(Optional<String> asked, String prefix) throws DeviceException {
            if (asked.isEmpty()) {
                return vm.nextId(prefix);
            }
            String id = asked.get();
            if (!ID.matcher(id).matches()) {
                throw new DeviceException("'" + id + "' is not a valid id; use 1 to 31 letters, digits, '_' or '-',"
                        + " starting with a letter");
            }
            if (id.startsWith("kvmctl-")) {
                throw new DeviceException("ids starting with 'kvmctl-' are kvmctl's own; choose another id");
            }
            if (vm.taken(id)) {
                throw new DeviceException("the VM already has a device or block node '" + id + "'; choose another"
                        + " --id ('kvmctl device list' shows them)");
            }
            return id;
        }

        private void blockdev(String id, String format, String file, boolean readOnly) {
            ObjectNode node =
                    Json.object().put("driver", format).put("node-name", id).put("read-only", readOnly);
            node.putObject("file").put("driver", "file").put("filename", file).put("read-only", readOnly);
            steps.add(new QmpStep("blockdev-add", node));
            undo.addFirst(new QmpStep("blockdev-del", Json.object().put("node-name", id)));
        }

        private void addController(ObjectNode dev) {
            steps.add(new QmpStep("device_add", dev));
            undo.addFirst(new QmpStep(
                    "device_del", Json.object().put("id", dev.path("id").asString())));
        }

        private void add(ObjectNode dev) {
            steps.add(new QmpStep("device_add", dev));
        }

        private HotplugPlan done(String id, String description) {
            return new HotplugPlan(id, steps, List.copyOf(undo), description);
        }
    }
}
