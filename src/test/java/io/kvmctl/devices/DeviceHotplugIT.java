package io.kvmctl.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.image.ImageFormat;
import io.kvmctl.image.Images;
import io.kvmctl.profile.Size;
import io.kvmctl.testing.GuestShell;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hot-plug into real guests: the Linux test guest under TCG (q35, root ports) and a boot sector. */
class DeviceHotplugIT {
    private static final Duration GUEST = Duration.ofSeconds(90);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();
    final StartOptions options = vms.options();

    private Path image(String name, String size) throws IOException {
        Path p = tmp.resolve(name);
        Images.fromEnvironment().create(p, Optional.of(Size.parse(size)), ImageFormat.QCOW2, Optional.empty(), false);
        return p;
    }

    @Test
    void diskHotAddedToRunningLinuxGuestAppearsAndCanBeRemoved() throws Exception {
        Path disk = image("data.qcow2", "16M");
        Path profile = TestGuests.linuxProfile(tmp, "hot", "").toAbsolutePath();
        Files.writeString(profile, Files.readString(profile).replace("kvmctl.heartbeat=1", "kvmctl.heartbeat=0"));
        try (Vm vm = Vm.start(profile, options);
                SerialConsole console = SerialConsole.attach(vm)) {
            console.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), GUEST);
            assertFalse(partitions(console).contains("vda"), "no disk before the hot-add");

            KvmctlProcess add = KvmctlProcess.run(root, "device", "add", "hot", "disk", disk.toString(), "--persist");
            assertEquals(0, add.exitCode(), add.toString());
            assertTrue(
                    add.output().contains("added virtio-blk disk hd0 (" + disk + ") (slot kvmctl-hp0)"), add.output());
            assertTrue(awaitPartition(console, "vda"), "the guest never saw vda");
            List<DeviceEntry> list = vm.devices().list();
            assertTrue(
                    list.contains(new DeviceEntry(
                            "hd0", "virtio-blk-pci", Optional.of(disk.toString()), Optional.of("kvmctl-hp0"))),
                    list.toString());
            String copy = Files.readString(vm.directory().profileCopy());
            assertTrue(copy.contains("id: \"hd0\"") && copy.contains(disk.toString()), copy);
            assertTrue(Files.readString(profile).contains(disk.toString()), "the source profile records it too");

            KvmctlProcess del = KvmctlProcess.run(root, "device", "del", "hot", "hd0", "--timeout", "60");
            assertEquals(0, del.exitCode(), del.toString());
            assertEquals("removed virtio-blk-pci hd0 from VM hot\n", del.output());
            assertFalse(partitions(console).contains("vda"), "vda still there after the unplug");
            assertFalse(vm.devices().read().blockNodes().contains("hd0"), "block node left behind");
            vm.stop(Duration.ZERO, true);
        }
        try (Vm again = Vm.start(profile, options)) {
            assertEquals(
                    "virtio-blk-pci",
                    again.devices().read().devices().get("hd0"),
                    "--persist: the next start has the disk");
            again.stop(Duration.ZERO, true);
        }
    }

    @Test
    void scsiDiskAndCdromGoOnAHotAddedControllerAndTheMediumCanBeEjected() throws Exception {
        Path disk = image("scsi.qcow2", "8M");
        Path iso = Files.write(tmp.resolve("x.iso"), new byte[2048 * 16]);
        Path profile = TestGuests.linuxProfile(tmp, "scsi", "");
        try (Vm vm = Vm.start(profile, options);
                SerialConsole console = SerialConsole.attach(vm)) {
            console.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), GUEST);
            Devices devices = vm.devices();
            HotplugPlan plan = devices.add(new DeviceRequest.Disk(
                    Optional.of("data"),
                    disk,
                    io.kvmctl.profile.DiskSpec.Format.QCOW2,
                    io.kvmctl.profile.DiskSpec.Bus.VIRTIO_SCSI,
                    false));
            assertTrue(
                    plan.description().contains("on a new virtio-scsi controller (slot kvmctl-hp0)"),
                    plan.description());
            assertTrue(awaitPartition(console, "sda"), "the guest never saw sda");
            HotplugPlan cd = devices.add(new DeviceRequest.Cdrom(Optional.empty(), iso));
            assertEquals("cd0", cd.id());
            assertTrue(cd.description().endsWith(" on kvmctl-scsi0"), "reuses the controller: " + cd.description());
            assertTrue(awaitPartition(console, "sr0"), "the guest never saw sr0");
            devices.eject("cd0");
            DeviceEntry entry = devices.list().stream()
                    .filter(d -> d.id().equals("cd0"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(Optional.empty(), entry.medium(), "ejected: " + entry);
            vm.stop(Duration.ZERO, true);
        }
    }

    @Test
    void guestThatDoesNotReleaseTheDeviceIsReported() throws Exception {
        Path disk = image("stuck.qcow2", "1M");
        Path profile = TestGuests.bootSectorProfile(tmp, "deaf", TestGuests.HELLO, "tcg");
        try (Vm vm = Vm.start(profile, options)) {
            Devices devices = vm.devices();
            devices.add(new DeviceRequest.Disk(
                    Optional.empty(),
                    disk,
                    io.kvmctl.profile.DiskSpec.Format.QCOW2,
                    io.kvmctl.profile.DiskSpec.Bus.VIRTIO_BLK,
                    false));
            KvmctlProcess del = KvmctlProcess.run(root, "device", "del", "deaf", "hd0", "--timeout", "2");
            assertEquals(2, del.exitCode(), del.toString());
            assertTrue(del.output().contains("the guest did not release device hd0 within 2 s"), del.output());
            assertTrue(devices.read().devices().containsKey("hd0"), "the device stays while the guest holds it");
            vm.stop(Duration.ZERO, true);
        }
    }

    @Test
    void badRequestsGiveOneClearLine() throws Exception {
        Path disk = image("d.qcow2", "1M");
        Path profile = TestGuests.bootSectorProfile(tmp, "bad", TestGuests.HELLO, "tcg");
        Files.writeString(profile, Files.readString(profile) + "hotplug_slots: 0\n");
        try (Vm vm = Vm.start(profile, options)) {
            expect("no free hot-plug slot for virtio-blk disk hd0", "device", "add", "bad", "disk", disk.toString());
            expect(
                    "no such file: " + tmp.resolve("missing.qcow2"),
                    "device",
                    "add",
                    "bad",
                    "disk",
                    tmp.resolve("missing.qcow2").toString());
            expect("'floppy' is not a device kind", "device", "add", "bad", "floppy", disk.toString());
            expect(
                    "'sata' is not a hot-pluggable bus",
                    "device",
                    "add",
                    "bad",
                    "disk",
                    disk.toString(),
                    "--bus",
                    "sata");
            expect(
                    "the VM already has a device or block node 'disk0'",
                    "device",
                    "add",
                    "bad",
                    "disk",
                    disk.toString(),
                    "--id",
                    "disk0",
                    "--bus",
                    "virtio-scsi");
            expect("the VM has no device 'nope'", "device", "del", "bad", "nope");
            expect("'joystick' is not a USB device kvmctl adds", "device", "add", "bad", "usb", "joystick");
            expect("--persist works for disks and CD-ROMs", "device", "add", "bad", "usb", "tablet", "--persist");
            expect("no VM", "device", "list", "ghost");
            vm.stop(Duration.ZERO, true);
        }
    }

    private void expect(String message, String... args) throws Exception {
        KvmctlProcess r = KvmctlProcess.run(root, args);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.output().contains(message), r.toString());
        assertEquals(1, r.output().lines().count(), "one line: " + r);
    }

    private static String partitions(SerialConsole console) throws IOException {
        return String.join("\n", GuestShell.run(console, "cat /proc/partitions", GUEST));
    }

    /** The guest's kernel sees a hot-added disk a moment after QEMU: ask until it does, within a bound. */
    private static boolean awaitPartition(SerialConsole console, String name) throws IOException {
        long deadline = System.nanoTime() + GUEST.toNanos();
        while (System.nanoTime() < deadline) {
            if (partitions(console).contains(" " + name)) {
                return true;
            }
            GuestShell.run(console, "sleep 1", GUEST);
        }
        return false;
    }
}
