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
import io.kvmctl.vm.Vm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The disks and NICs a profile starts with unplug like hot-added ones: on q35 each sits on its own root port
 * ({@code kvmctl-rp-ID}), on {@code pc} on the root bus (ACPI hot-plug). The Linux test guest under TCG releases
 * them, and kvmctl waits for QEMU's DEVICE_DELETED.
 */
class ProfileDeviceUnplugIT {
    private static final Duration GUEST = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @ParameterizedTest
    @ValueSource(strings = {"q35", "pc"})
    void profileDiskAndNicOfARunningGuestUnplug(String machine) throws Exception {
        RuntimeRoot root = vms.root();
        Path disk = tmp.resolve("data.qcow2");
        Images.fromEnvironment()
                .create(disk, Optional.of(Size.parse("8M")), ImageFormat.QCOW2, Optional.empty(), false);
        Path iso = Files.write(tmp.resolve("x.iso"), new byte[2048 * 16]);
        String name = "unplug-" + machine;
        Path profile = TestGuests.linuxProfile(tmp, name, """
                machine: %s
                disks: [{id: data, file: %s}]
                nics: [{id: lan, user: {}}]
                cdrom: %s
                """.formatted(machine, disk, iso));
        Files.writeString(profile, Files.readString(profile).replace("kvmctl.heartbeat=1", "kvmctl.heartbeat=0"));
        try (Vm vm = Vm.start(profile, vms.options());
                SerialConsole console = SerialConsole.attach(vm)) {
            console.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), GUEST);
            assertTrue(shell(console, "cat /proc/partitions").contains(" vda"), "the profile disk is vda");
            assertTrue(shell(console, "ls /sys/class/net").contains("eth0"), "the profile NIC is eth0");
            Optional<String> slot = machine.equals("q35") ? Optional.of("kvmctl-rp-data") : Optional.empty();
            assertTrue(
                    vm.devices()
                            .list()
                            .contains(new DeviceEntry("data", "virtio-blk-pci", Optional.of(disk.toString()), slot)),
                    vm.devices().list().toString());

            KvmctlProcess del = KvmctlProcess.run(root, "device", "del", name, "data", "--timeout", "60");
            assertEquals(0, del.exitCode(), del.toString());
            assertEquals("removed virtio-blk-pci data from VM " + name + "\n", del.output());
            assertFalse(shell(console, "cat /proc/partitions").contains(" vda"), "vda still there after the unplug");
            assertFalse(vm.devices().read().blockNodes().contains("data"), "block node left behind");

            KvmctlProcess nicDel = KvmctlProcess.run(root, "nic", "del", name, "lan", "--timeout", "60");
            assertEquals(0, nicDel.exitCode(), nicDel.toString());
            assertFalse(vm.devices().read().devices().containsKey("lan"), "the NIC device is still there");
            assertFalse(shell(console, "ls /sys/class/net").contains("eth0"), "eth0 still there after the unplug");

            KvmctlProcess cd = KvmctlProcess.run(root, "device", "del", name, "cdrom");
            assertEquals(2, cd.exitCode(), cd.toString());
            assertEquals(
                    "cdrom cdrom sits on the machine's SATA/IDE controller, which cannot unplug; eject its medium"
                            + " instead: kvmctl device eject NAME cdrom",
                    cd.output().strip().replaceFirst("^[^:]*: ", ""),
                    cd.toString());
            vm.stop(Duration.ZERO, true);
        }
    }

    private static String shell(SerialConsole console, String command) throws Exception {
        return String.join("\n", GuestShell.run(console, command, GUEST));
    }
}
