package io.kvmctl.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.DiskSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HotplugPlanTest {
    private static final MachineDevices Q35 = new MachineDevices(
            Map.of("kvmctl-hp0", "pcie-root-port", "kvmctl-hp1", "pcie-root-port", "disk0", "virtio-blk-pci"),
            Set.of("disk0"),
            List.of("kvmctl-hp0", "kvmctl-hp1"),
            true);

    private static DeviceRequest.Disk disk(String id, DiskSpec.Bus bus) {
        return new DeviceRequest.Disk(
                Optional.ofNullable(id), Path.of("/img/a,b.qcow2"), DiskSpec.Format.QCOW2, bus, false);
    }

    private static List<String> steps(HotplugPlan p) {
        return p.steps().stream().map(QmpStep::toString).toList();
    }

    @Test
    void virtioBlkDiskGetsANodeThenADeviceOnTheFirstFreeSlot() throws Exception {
        HotplugPlan p = HotplugPlan.of(disk(null, DiskSpec.Bus.VIRTIO_BLK), Q35);
        assertEquals("hd0", p.id());
        assertEquals(
                List.of(
                        "blockdev-add {\"driver\":\"qcow2\",\"node-name\":\"hd0\",\"read-only\":false,"
                                + "\"file\":{\"driver\":\"file\",\"filename\":\"/img/a,b.qcow2\",\"read-only\":false}}",
                        "device_add {\"driver\":\"virtio-blk-pci\",\"id\":\"hd0\",\"drive\":\"hd0\",\"bus\":\"kvmctl-hp0\"}"),
                steps(p));
        assertEquals(
                List.of("blockdev-del {\"node-name\":\"hd0\"}"),
                p.undo().stream().map(QmpStep::toString).toList());
    }

    @Test
    void scsiDiskAddsTheControllerOnceOnASlot() throws Exception {
        HotplugPlan first = HotplugPlan.of(disk("data", DiskSpec.Bus.VIRTIO_SCSI), Q35);
        assertEquals(
                List.of(
                        "device_add {\"driver\":\"virtio-scsi-pci\",\"id\":\"kvmctl-scsi0\",\"bus\":\"kvmctl-hp0\"}",
                        "blockdev-add {\"driver\":\"qcow2\",\"node-name\":\"data\",\"read-only\":false,\"file\":{\"driver\":"
                                + "\"file\",\"filename\":\"/img/a,b.qcow2\",\"read-only\":false}}",
                        "device_add {\"driver\":\"scsi-hd\",\"id\":\"data\",\"drive\":\"data\",\"bus\":\"kvmctl-scsi0.0\"}"),
                steps(first));
        assertEquals(
                List.of("blockdev-del", "device_del"),
                first.undo().stream().map(QmpStep::command).toList(),
                "undone newest first");
        MachineDevices withController =
                new MachineDevices(Map.of("kvmctl-scsi0", "virtio-scsi-pci"), Set.of(), List.of(), true);
        HotplugPlan second = HotplugPlan.of(disk(null, DiskSpec.Bus.VIRTIO_SCSI), withController);
        assertEquals(2, second.steps().size(), "no slot needed on an existing controller: " + steps(second));
    }

    @Test
    void pcMachinePlugsOnTheRootBusWithoutSlots() throws Exception {
        MachineDevices pc = new MachineDevices(Map.of(), Set.of(), List.of(), false);
        HotplugPlan p = HotplugPlan.of(disk(null, DiskSpec.Bus.VIRTIO_BLK), pc);
        assertTrue(steps(p).get(1).endsWith("\"drive\":\"hd0\"}"), steps(p).get(1));
    }

    @Test
    void cdromChangesTheMediumOfAnExistingDriveOrAddsAScsiOne() throws Exception {
        MachineDevices withDrive = new MachineDevices(Map.of("cdrom", "ide-cd"), Set.of("cdrom"), List.of(), true);
        HotplugPlan change =
                HotplugPlan.of(new DeviceRequest.Cdrom(Optional.empty(), Path.of("/iso/x.iso")), withDrive);
        assertEquals(
                List.of("blockdev-change-medium {\"id\":\"cdrom\",\"filename\":\"/iso/x.iso\",\"format\":\"raw\","
                        + "\"read-only-mode\":\"read-only\"}"),
                steps(change));
        HotplugPlan add = HotplugPlan.of(new DeviceRequest.Cdrom(Optional.empty(), Path.of("/iso/x.iso")), Q35);
        assertEquals("cd0", add.id());
        assertTrue(
                steps(add).getLast().startsWith("device_add {\"driver\":\"scsi-cd\",\"id\":\"cd0\""),
                steps(add).getLast());
    }

    @Test
    void usbDevicesShareOneControllerAndHostDevicesNeedVendorAndProduct() throws Exception {
        HotplugPlan tablet = HotplugPlan.of(
                new DeviceRequest.Usb(Optional.empty(), DeviceRequest.UsbKind.TABLET, Optional.empty()), Q35);
        assertEquals(
                List.of(
                        "device_add {\"driver\":\"qemu-xhci\",\"id\":\"kvmctl-xhci0\",\"bus\":\"kvmctl-hp0\"}",
                        "device_add {\"driver\":\"usb-tablet\",\"id\":\"usb0\",\"bus\":\"kvmctl-xhci0.0\"}"),
                steps(tablet));
        HotplugPlan host = HotplugPlan.of(
                new DeviceRequest.Usb(Optional.empty(), DeviceRequest.UsbKind.HOST, Optional.of("046d:C52B")), Q35);
        assertTrue(
                steps(host).getLast().contains("\"vendorid\":\"0x046d\",\"productid\":\"0xC52B\""),
                steps(host).getLast());
        DeviceException bad = assertThrows(
                DeviceException.class,
                () -> HotplugPlan.of(
                        new DeviceRequest.Usb(Optional.empty(), DeviceRequest.UsbKind.HOST, Optional.of("logitech")),
                        Q35));
        assertTrue(bad.getMessage().startsWith("'logitech' is not VENDOR:PRODUCT"), bad.getMessage());
    }

    @Test
    void refusesTakenReservedAndMalformedIdsAndFullSlots() {
        assertEquals(
                "the VM already has a device or block node 'disk0'; choose another --id ('kvmctl device list'"
                        + " shows them)",
                assertThrows(DeviceException.class, () -> HotplugPlan.of(disk("disk0", DiskSpec.Bus.VIRTIO_BLK), Q35))
                        .getMessage());
        assertTrue(assertThrows(
                        DeviceException.class, () -> HotplugPlan.of(disk("kvmctl-x", DiskSpec.Bus.VIRTIO_BLK), Q35))
                .getMessage()
                .contains("kvmctl's own"));
        assertTrue(assertThrows(DeviceException.class, () -> HotplugPlan.of(disk("1x", DiskSpec.Bus.VIRTIO_BLK), Q35))
                .getMessage()
                .startsWith("'1x' is not a valid id"));
        MachineDevices full = new MachineDevices(Map.of(), Set.of(), List.of(), true);
        assertTrue(assertThrows(DeviceException.class, () -> HotplugPlan.of(disk(null, DiskSpec.Bus.VIRTIO_BLK), full))
                .getMessage()
                .contains("raise hotplug_slots in the profile"));
        assertTrue(assertThrows(DeviceException.class, () -> HotplugPlan.of(disk(null, DiskSpec.Bus.IDE), Q35))
                .getMessage()
                .contains("use --bus virtio-blk or virtio-scsi"));
    }

    @Test
    void machineStateIsReadFromQmpAnswers() {
        JsonMapper json = JsonMapper.builder().build();
        MachineDevices vm = MachineDevices.fromQmp(
                json.readTree("[{\"name\":\"type\",\"type\":\"string\"},{\"name\":\"kvmctl-hp1\",\"type\":"
                        + "\"child<pcie-root-port>\"},{\"name\":\"kvmctl-hp0\",\"type\":\"child<pcie-root-port>\"},"
                        + "{\"name\":\"hd0\",\"type\":\"child<virtio-blk-pci>\"}]"),
                json.readTree("[{\"bus\":0,\"devices\":[{\"qdev_id\":\"kvmctl-hp0\",\"pci_bridge\":{\"devices\":"
                        + "[{\"qdev_id\":\"hd0\"}]}},{\"qdev_id\":\"kvmctl-hp1\",\"pci_bridge\":{\"devices\":[]}}]}]"),
                json.readTree("[{\"node-name\":\"hd0\"},{\"node-name\":\"#block123\"}]"),
                "pc-q35-7.2-machine");
        assertEquals(List.of("kvmctl-hp1"), vm.freePorts());
        assertEquals("virtio-blk-pci", vm.devices().get("hd0"));
        assertTrue(vm.pcie());
        assertEquals("hd1", vm.nextId("hd"));
    }
}
