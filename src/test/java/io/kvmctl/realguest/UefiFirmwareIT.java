package io.kvmctl.realguest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvmctl.firmware.FirmwareChoice;
import io.kvmctl.firmware.InstalledFirmware;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmHomes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code firmware: uefi} without a guest OS: OVMF reaches its shell in seconds under TCG, which is enough to check
 * what kvmctl does around it (the build chosen from the host's descriptors, the VM's own variables store in its
 * home, kept across {@code down}/{@code up} and used by a local migration's destination, {@code status}) and what it
 * refuses (no firmware installed, a machine no build supports). UefiBootIT boots a real OS with it.
 */
class UefiFirmwareIT {
    private static final Pattern SHELL = Pattern.compile("UEFI Interactive Shell");
    /** OVMF to its shell under TCG: ~10 s on a quiet machine; minutes are a hang even at load 10. */
    private static final Duration TO_SHELL = Duration.ofMinutes(3);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @BeforeEach
    void needsOvmf() throws Exception {
        assumeTrue(
                FirmwareChoice.pick(InstalledFirmware.descriptors(), "pc-q35-7.2", false)
                        .isPresent(),
                "no OVMF build for q35 is installed (apt-get install ovmf)");
    }

    @Test
    void ovmfRunsOnTheVmsOwnVariablesAcrossRestartAndLocalMigration() throws Exception {
        RuntimeRoot root = vms.root();
        Path profile = profile("efi", "");
        ok(root, "up", profile.toString());
        Path vars = onlyVarsStore(vms.homes(), "efi");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(vars)));
        Object inode = Files.getAttribute(vars, "unix:ino");
        String status = ok(root, "status", "efi");
        assertTrue(
                status.contains("firmware:    uefi (" + codeOf(root, "efi") + ")"),
                "status names the UEFI build: " + status);
        assertTrue(ok(root, "status", "efi", "--json").contains("\"vars\" : \"" + vars + "\""));
        awaitShell(root, "efi");

        ok(root, "migrate", "efi", "--local");
        assertTrue(
                ok(root, "status", "efi", "--json").contains("\"vars\" : \"" + vars + "\""),
                "the destination runs on the source's variables store");
        try (Vm vm = Vm.attach(root, "efi");
                SerialConsole console = vm.console()) {
            askVersion(console);
        }
        ok(root, "down", "efi", "--timeout", "5"); // the shell ignores the power button: QMP quit after 5 s
        assertTrue(Files.isRegularFile(vars), "the variables outlive down");

        ok(root, "up", profile.toString());
        assertEquals(inode, Files.getAttribute(vars, "unix:ino"), "the next start reuses the store, no new copy");
        awaitShell(root, "efi");
        ok(root, "down", "efi", "--timeout", "5");
    }

    @Test
    void secureBootRunsABuildWithSmmOn() throws Exception {
        assumeTrue(
                FirmwareChoice.pick(InstalledFirmware.descriptors(), "pc-q35-7.2", true)
                        .isPresent(),
                "no OVMF build with Secure Boot is installed");
        RuntimeRoot root = vms.root();
        ok(root, "up", profile("sb", "secure_boot: true\n").toString());
        assertTrue(ok(root, "status", "sb").contains("firmware:    uefi, secure boot ("));
        String smm = ok(root, "qmp", "sb", "qom-get", "path=/machine", "property=smm");
        assertTrue(smm.contains("on"), "QEMU's machine runs with SMM: " + smm);
        // Secure Boot builds leave out the UEFI shell (it would bypass the check): their boot manager is as far as
        // a VM without a disk gets.
        try (Vm vm = Vm.attach(root, "sb");
                SerialConsole console = vm.console()) {
            console.awaitLine(Pattern.compile("BdsDxe: "), TO_SHELL);
        }
        ok(root, "down", "sb", "--timeout", "5");
    }

    @Test
    void noInstalledFirmwareIsOneLineWithExitTwoAndNothingCreated() throws Exception {
        Path none = Files.createDirectory(vms.dir().resolve("no-firmware"));
        KvmctlProcess p = run(vms.root(), none, "up", profile("nofw", "").toString());
        assertEquals(2, p.exitCode(), p.toString());
        List<String> lines = p.output().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), p.output());
        assertTrue(
                lines.getFirst().contains("no UEFI firmware is installed (no usable descriptor in " + none),
                p.output());
        assertTrue(lines.getFirst().contains("apt-get install ovmf"), p.output());
        assertNothingCreated("nofw");
    }

    @Test
    void uefiOnAMachineNoBuildSupportsIsRefused() throws Exception {
        KvmctlProcess p = KvmctlProcess.run(
                vms.root(), "up", profile("micro", "machine: microvm\n").toString());
        assertEquals(2, p.exitCode(), p.toString());
        assertTrue(
                p.output().contains("no installed UEFI firmware supports machine microvm: use machine q35"),
                p.toString());
        assertNothingCreated("micro");
    }

    private void assertNothingCreated(String name) throws Exception {
        assertEquals(List.of(), vms.root().names(), "no runtime directory");
        assertFalse(Files.exists(vms.homes().of(name)), "no home");
        assertFalse(Files.exists(vms.logRoot().vm(name)), "no log folder");
    }

    private Path profile(String name, String extra) throws Exception {
        return Files.writeString(vms.dir().resolve(name + ".yaml"), """
                name: %s
                accel: tcg
                memory: 256M
                firmware: uefi
                %s""".formatted(name, extra));
    }

    private static Path onlyVarsStore(VmHomes homes, String name) throws Exception {
        try (Stream<Path> files = Files.list(homes.of(name))) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), "one variables store in the home: " + all);
            return all.getFirst();
        }
    }

    private static String codeOf(RuntimeRoot root, String name) throws Exception {
        try (Vm vm = Vm.attach(root, name)) {
            return Path.of(vm.record().firmware().code()).getFileName().toString();
        }
    }

    private static void awaitShell(RuntimeRoot root, String name) throws Exception {
        try (Vm vm = Vm.attach(root, name);
                SerialConsole console = vm.console()) {
            console.awaitLine(SHELL, TO_SHELL);
        }
    }

    /**
     * Runs the shell's {@code ver} on the migrated VM. QEMU 7.2's destination has been seen to drop the first
     * character typed right after the switch-over ('er' is not recognized), so a lost keystroke is typed again;
     * a shell that never answers still fails.
     */
    private static void askVersion(SerialConsole console) throws Exception {
        Pattern banner = Pattern.compile("UEFI v2\\.\\d+ \\(EDK II");
        for (int attempt = 1; ; attempt++) {
            int from = console.lineCount();
            console.send("ver\r");
            try {
                console.awaitLineAfter(from, banner, attempt < 3 ? Duration.ofSeconds(20) : TO_SHELL);
                return;
            } catch (java.io.IOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** kvmctl with the firmware search path replaced by {@code firmwareDirs}. */
    private static KvmctlProcess run(RuntimeRoot root, Path firmwareDirs, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(KvmctlProcess.command(args)).redirectErrorStream(true);
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        pb.environment()
                .put("KVMCTL_LOG_DIR", IsolatedVms.logRootBeside(root).path().toString());
        pb.environment().put(VmHomes.ENV, IsolatedVms.dataDirBeside(root).toString());
        pb.environment().put(InstalledFirmware.ENV, firmwareDirs.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "kvmctl did not finish: " + out);
        return new KvmctlProcess(p.exitValue(), out);
    }

    private static String ok(RuntimeRoot root, String... args) throws Exception {
        KvmctlProcess p = KvmctlProcess.run(root, args);
        assertEquals(0, p.exitCode(), "kvmctl " + String.join(" ", args) + ": " + p);
        return p.output();
    }
}
