package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.MacAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Root ports for the profile's PCI devices, boot order lists and several CD-ROMs, as golden argv. */
class DeviceLayoutCommandLineTest {
    private static List<String> argv(String yaml) {
        return QemuCommandLine.build(Profiles.parse(yaml), Profiles.CTX);
    }

    private static List<String> values(List<String> argv, String option) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option)) {
                out.add(argv.get(i + 1));
            }
        }
        return out;
    }

    private static String port(String id, int k, String addr, boolean multifunction) {
        return "{\"driver\":\"pcie-root-port\",\"id\":\"" + id + "\",\"chassis\":" + (k + 1) + ",\"port\":" + (16 + k)
                + ",\"bus\":\"pcie.0\",\"addr\":\"" + addr + "\"" + (multifunction ? ",\"multifunction\":true" : "")
                + "}";
    }

    @Test
    void eachProfilePciDeviceGetsItsOwnRootPortBeforeTheHotplugSlots() {
        List<String> devices = values(argv("""
                name: web
                hotplug_slots: 2
                disks:
                  - {file: root.qcow2}
                  - {file: data.img, bus: virtio-scsi, id: data}
                  - {file: old.img, bus: sata, id: old}
                nics:
                  - {user: {}}
                """), "-device");
        assertEquals(
                List.of(
                        port("kvmctl-rp-scsi0", 0, "0x2", true),
                        port("kvmctl-rp-disk0", 1, "0x2.0x1", false),
                        port("kvmctl-rp-net0", 2, "0x2.0x2", false),
                        port("kvmctl-hp0", 3, "0x2.0x3", false),
                        port("kvmctl-hp1", 4, "0x2.0x4", false),
                        "{\"driver\":\"virtio-scsi-pci\",\"id\":\"kvmctl-scsi0\",\"bus\":\"kvmctl-rp-scsi0\"}",
                        "{\"driver\":\"ahci\",\"id\":\"kvmctl-ahci0\"}",
                        "{\"driver\":\"virtio-blk-pci\",\"bus\":\"kvmctl-rp-disk0\",\"id\":\"disk0\","
                                + "\"drive\":\"disk0\",\"write-cache\":\"on\"}",
                        "{\"driver\":\"scsi-hd\",\"bus\":\"kvmctl-scsi0.0\",\"id\":\"data\",\"drive\":\"data\","
                                + "\"write-cache\":\"on\"}",
                        "{\"driver\":\"ide-hd\",\"bus\":\"kvmctl-ahci0.0\",\"id\":\"old\",\"drive\":\"old\","
                                + "\"write-cache\":\"on\"}",
                        "{\"driver\":\"virtio-net-pci\",\"id\":\"net0\",\"netdev\":\"net0\",\"mac\":\""
                                + MacAddress.derive("web", 0) + "\",\"bus\":\"kvmctl-rp-net0\"}"),
                devices);
    }

    @Test
    void theNinthRootPortOpensTheNextMultifunctionSlot() {
        List<String> ports = values(argv("hotplug_slots: 10\n"), "-device");
        assertEquals(10, ports.size());
        assertEquals(port("kvmctl-hp0", 0, "0x2", true), ports.get(0));
        assertEquals(port("kvmctl-hp7", 7, "0x2.0x7", false), ports.get(7));
        assertEquals(port("kvmctl-hp8", 8, "0x3", true), ports.get(8));
        assertEquals(port("kvmctl-hp9", 9, "0x3.0x1", false), ports.get(9));
        assertEquals(
                port("kvmctl-hp0", 0, "0x2", false),
                values(argv("hotplug_slots: 1\n"), "-device").getFirst(),
                "a slot with one port is no multifunction device");
    }

    @Test
    void pcKeepsEveryDeviceOnTheRootBus() {
        List<String> devices = values(argv("""
                machine: pc
                disks: [{file: root.qcow2}, {file: d.img, bus: virtio-scsi}]
                nics: [{user: {}}]
                """), "-device");
        assertTrue(devices.stream().noneMatch(d -> d.contains("pcie-root-port")), devices.toString());
        assertTrue(devices.stream().noneMatch(d -> d.contains("kvmctl-rp-")), devices.toString());
        assertEquals(
                "{\"driver\":\"virtio-blk-pci\",\"id\":\"disk0\",\"drive\":\"disk0\",\"write-cache\":\"on\"}",
                devices.get(1));
    }

    @Test
    void bootListNumbersItsDevicesInOrderAndIsStrict() {
        List<String> a = argv("""
                name: vm
                hotplug_slots: 0
                boot: [cd1, disk1, net0, disk0]
                disks: [{file: a.img}, {file: b.img}]
                cdroms: [{file: x.iso}, {id: cd1, file: y.iso}]
                nics: [{user: {}}]
                """);
        assertEquals(List.of("strict=on"), values(a, "-boot"));
        List<String> devices = values(a, "-device").stream()
                .filter(d -> !d.contains("pcie-root-port"))
                .toList();
        assertEquals(
                List.of(
                        "{\"driver\":\"virtio-blk-pci\",\"bus\":\"kvmctl-rp-disk0\",\"id\":\"disk0\","
                                + "\"drive\":\"disk0\",\"write-cache\":\"on\",\"bootindex\":4}",
                        "{\"driver\":\"virtio-blk-pci\",\"bus\":\"kvmctl-rp-disk1\",\"id\":\"disk1\","
                                + "\"drive\":\"disk1\",\"write-cache\":\"on\",\"bootindex\":2}",
                        "{\"driver\":\"ide-cd\",\"bus\":\"ide.0\",\"id\":\"cd0\",\"drive\":\"cd0\"}",
                        "{\"driver\":\"ide-cd\",\"bus\":\"ide.1\",\"id\":\"cd1\",\"drive\":\"cd1\",\"bootindex\":1}",
                        "{\"driver\":\"virtio-net-pci\",\"id\":\"net0\",\"netdev\":\"net0\",\"mac\":\""
                                + MacAddress.derive("vm", 0) + "\",\"bus\":\"kvmctl-rp-net0\",\"bootindex\":3}"),
                devices);
    }

    @Test
    void theOldBootWordsKeepTheirSingleBootindexAndNoStrictBoot() {
        List<String> disk = argv("boot: disk\ndisks: [{file: a.img}, {file: b.img}]\n");
        assertFalse(disk.contains("-boot"));
        assertEquals(1, disk.stream().filter(v -> v.contains("\"bootindex\":0")).count());
        assertTrue(values(disk, "-device").stream()
                .anyMatch(d -> d.contains("\"id\":\"disk0\"") && d.contains("\"bootindex\":0")));
        List<String> cdrom = argv("boot: cdrom\ncdroms: [{file: x.iso}, {file: y.iso}]\n");
        assertTrue(cdrom.contains(
                "{\"driver\":\"ide-cd\",\"bus\":\"ide.0\",\"id\":\"cd0\",\"drive\":\"cd0\",\"bootindex\":0}"));
        assertTrue(cdrom.contains("{\"driver\":\"ide-cd\",\"bus\":\"ide.1\",\"id\":\"cd1\",\"drive\":\"cd1\"}"));
    }

    @Test
    void severalCdromsAreReadOnlyIdeCdsWithTheirOwnNodes() {
        List<String> a = argv("cdroms:\n  - {id: install, file: install.iso}\n  - {file: drivers.iso}\n");
        assertEquals(
                List.of(
                        "{\"driver\":\"raw\",\"node-name\":\"install\",\"read-only\":true,\"file\":{\"driver\":"
                                + "\"file\",\"filename\":\"/p/install.iso\",\"read-only\":true}}",
                        "{\"driver\":\"raw\",\"node-name\":\"cd1\",\"read-only\":true,\"file\":{\"driver\":"
                                + "\"file\",\"filename\":\"/p/drivers.iso\",\"read-only\":true}}"),
                values(a, "-blockdev"));
        assertEquals(
                List.of(
                        "{\"driver\":\"ide-cd\",\"bus\":\"ide.0\",\"id\":\"install\",\"drive\":\"install\"}",
                        "{\"driver\":\"ide-cd\",\"bus\":\"ide.1\",\"id\":\"cd1\",\"drive\":\"cd1\"}"),
                values(a, "-device").stream()
                        .filter(d -> !d.contains("pcie-root-port"))
                        .toList());
    }

    @Test
    void ideDisksThenCdromsTakeTheBuiltInControllersPositionsInOrder() {
        String yaml = "disks: [{file: a.img, bus: ide, id: a}]\ncdroms: [{file: x.iso}, {file: y.iso}]\n";
        assertEquals(
                List.of(
                        "{\"driver\":\"ide-hd\",\"bus\":\"ide.0\",\"id\":\"a\",\"drive\":\"a\",\"write-cache\":\"on\"}",
                        "{\"driver\":\"ide-cd\",\"bus\":\"ide.1\",\"id\":\"cd0\",\"drive\":\"cd0\"}",
                        "{\"driver\":\"ide-cd\",\"bus\":\"ide.2\",\"id\":\"cd1\",\"drive\":\"cd1\"}"),
                values(argv(yaml), "-device").stream()
                        .filter(d -> !d.contains("pcie-root-port"))
                        .toList(),
                "q35: one drive on each AHCI port");
        assertEquals(
                List.of(
                        "{\"driver\":\"ide-hd\",\"bus\":\"ide.0\",\"unit\":0,\"id\":\"a\",\"drive\":\"a\","
                                + "\"write-cache\":\"on\"}",
                        "{\"driver\":\"ide-cd\",\"bus\":\"ide.0\",\"unit\":1,\"id\":\"cd0\",\"drive\":\"cd0\"}",
                        "{\"driver\":\"ide-cd\",\"bus\":\"ide.1\",\"unit\":0,\"id\":\"cd1\",\"drive\":\"cd1\"}"),
                values(argv("machine: pc\n" + yaml), "-device"),
                "pc: master and slave on each IDE channel");
    }

    @Test
    void bootListProblemsNameTheFieldAndTheFix() {
        String m = Profiles.problems("""
                boot: [disk0, net9, disk0, {kernel: vmlinuz}]
                disks: [{file: a.img}]
                """).getMessage();
        assertTrue(
                m.contains("boot[1]: 'net9' is not a disk, cdrom or NIC of this profile; use one of its ids: disk0"),
                m);
        assertTrue(m.contains("boot[2]: 'disk0' is listed twice; list each device once"), m);
        assertTrue(m.contains("boot[3]: a kernel boot cannot be part of a boot list"), m);
        assertTrue(Profiles.problems("boot: []\n").getMessage().contains("boot: the boot list is empty"));
    }

    @Test
    void cdromsBeyondTheBuiltInControllerOrBesideCdromAreRefused() {
        String q35 = Profiles.problems("""
                cdroms: [{file: 1.iso}, {file: 2.iso}, {file: 3.iso}, {file: 4.iso}, {file: 5.iso}]
                disks: [{file: a.img, bus: ide}, {file: b.img, bus: ide}]
                """).getMessage();
        assertTrue(
                q35.contains("cdroms: 5 cdroms and 2 ide disks do not fit the AHCI controller's 6 ports; give the"
                        + " disks bus: sata or virtio-blk, or list fewer cdroms"),
                q35);
        Profiles.parse("cdroms: [{file: 1.iso}, {file: 2.iso}, {file: 3.iso}, {file: 4.iso}, {file: 5.iso}]\n"
                + "disks: [{file: a.img, bus: ide}]\n");
        assertTrue(Profiles.problems("machine: pc\ncdroms: [{file: 1.iso}, {file: 2.iso}, {file: 3.iso}]\n"
                        + "disks: [{file: a.img, bus: ide}, {file: b.img, bus: ide}]\n")
                .getMessage()
                .contains("do not fit the IDE controller's 4 ports"));
        assertTrue(Profiles.problems("cdrom: a.iso\ncdroms: [{file: b.iso}]\n")
                .getMessage()
                .contains("cdroms: cdrom and cdroms are both given; move the cdrom: file into the cdroms: list"));
        assertTrue(Profiles.problems("cdroms: [{id: disk0, file: b.iso}]\ndisks: [{file: a.img}]\n")
                .getMessage()
                .contains("disks[0].id: id 'disk0' is already used by cdroms[0].id"));
    }
}
