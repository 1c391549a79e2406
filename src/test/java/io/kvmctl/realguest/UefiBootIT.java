package io.kvmctl.realguest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvmctl.cloudinit.NoCloudSeed;
import io.kvmctl.firmware.FirmwareChoice;
import io.kvmctl.firmware.InstalledFirmware;
import io.kvmctl.testing.DebianImages;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.Vm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Debian test disk boots with {@code firmware: uefi} through {@code kvmctl up} (OVMF, GRUB from the removable
 * path, the cloud kernel, agetty on ttyS0), and what the guest writes into its UEFI variables survives
 * {@code down} and {@code up}: a NoCloud seed made here has cloud-init create a boot entry with efibootmgr on the
 * first boot ({@code runcmd}, its list on the serial console behind a marker), and on the next start OVMF's boot
 * manager loads that entry.
 */
class UefiBootIT {
    /** Under TCG: UEFI to the login prompt ~110 s on a quiet 2-core machine, ~500 s at load 14; more is a hang. */
    private static final Duration BOOT = Duration.ofMinutes(12);

    private static final String USER_DATA = """
            #cloud-config
            runcmd:
              - [sh, -c, "efibootmgr --create --disk /dev/vda --part 2 --label kvmctl-test --loader '\\\\EFI\\\\BOOT\\\\BOOTX64.EFI' > /dev/null; efibootmgr | sed 's/^/kvmctl-efi-run: /' > /dev/ttyS0 2>&1"]
            """;

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void debianBootsWithUefiAndItsBootEntrySurvivesARestart() throws Exception {
        Path disk = DebianImages.bootableDisk();
        assumeTrue(
                FirmwareChoice.pick(InstalledFirmware.descriptors(), "pc-q35-7.2", false)
                        .isPresent(),
                "no OVMF build for q35 is installed (apt-get install ovmf)");
        RuntimeRoot root = vms.root();
        Path seed = Files.write(
                vms.dir().resolve("seed.iso"),
                NoCloudSeed.image(new NoCloudSeed.Input(
                        "deb-uefi",
                        Optional.of(new NoCloudSeed.Document(USER_DATA, "UefiBootIT user-data")),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty())));
        // No boot: list, so QEMU gives OVMF no boot order of its own and OVMF keeps the guest's BootOrder as is.
        Path profile = Files.writeString(vms.dir().resolve("deb-uefi.yaml"), """
                name: deb-uefi
                accel: tcg
                memory: 1G
                firmware: uefi
                disks:
                  - {id: root, file: %s, format: qcow2, overlay: true}
                  - {id: seed, file: %s, format: raw, readonly: true}
                """.formatted(disk, seed));

        long start = System.nanoTime();
        ok(root, "up", profile.toString());
        try (Vm vm = Vm.attach(root, "deb-uefi");
                SerialConsole console = vm.console()) {
            console.awaitLine(Pattern.compile(Pattern.quote(DebianImages.ISSUE_LINE) + "\\S+ ttyS0"), BOOT);
            System.out.printf(
                    "UefiBootIT: UEFI boot to the login prompt under TCG in %.1f s%n",
                    (System.nanoTime() - start) / 1e9);
            assertTrue(
                    console.lastMatch(Pattern.compile("Command line: .*console=ttyS0"))
                            .isPresent(),
                    "the kernel's messages");
            console.awaitLine(Pattern.compile("kvmctl-efi-run: Boot[0-9A-F]{4}\\* kvmctl-test"), BOOT);
        }
        String down = ok(root, "down", "deb-uefi", "--timeout", "120", "--json");
        assertTrue(down.contains("\"step\" : \"powerdown\""), "stopped by the power button: " + down);

        // The second start needs only OVMF: its boot manager names the entry it loads, read from the VM's own
        // variables store. Booting Linux again would prove nothing more and cost two minutes under TCG.
        start = System.nanoTime();
        ok(root, "up", profile.toString());
        try (Vm vm = Vm.attach(root, "deb-uefi");
                SerialConsole console = vm.console()) {
            String entry = console.awaitLine(Pattern.compile("BdsDxe: loading Boot[0-9A-F]{4} \"kvmctl-test\""), BOOT);
            System.out.printf(
                    "UefiBootIT: second start, OVMF loads the guest's entry after %.1f s: %s%n",
                    (System.nanoTime() - start) / 1e9, entry);
        }
        ok(root, "down", "deb-uefi", "--force");
    }

    private static String ok(RuntimeRoot root, String... args) throws Exception {
        KvmctlProcess p = KvmctlProcess.run(root, args);
        assertEquals(0, p.exitCode(), "kvmctl " + String.join(" ", args) + ": " + p);
        return p.output();
    }
}
