package io.kvmctl.realguest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.DebianImages;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.Vm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Debian test disk boots with BIOS through {@code kvmctl up}: SeaBIOS, GRUB (its serial terminal), the cloud
 * kernel, systemd, and agetty's login prompt on ttyS0, all read from the serial console. It runs on an overlay,
 * so the cached image is not written, and {@code down} stops it through the ACPI power button (systemd-logind).
 */
class DebianImageIT {
    /** Under TCG: ~100 s on a quiet 2-core machine, 275 s (2026-12-07) with load average ~10; longer is a hang. */
    private static final Duration BOOT = Duration.ofMinutes(10);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void biosBootReachesTheLoginPromptOnTheSerialConsole() throws Exception {
        Path disk = DebianImages.bootableDisk();
        FileTime modifiedBefore = Files.getLastModifiedTime(disk);
        long sizeBefore = Files.size(disk);
        RuntimeRoot root = vms.root();
        Path profile = DebianImages.diskProfile(vms.dir(), "deb-bios", "");

        long start = System.nanoTime();
        ok(root, "up", profile.toString());
        try (Vm vm = Vm.attach(root, "deb-bios");
                SerialConsole console = vm.console()) {
            String issue =
                    console.awaitLine(Pattern.compile(Pattern.quote(DebianImages.ISSUE_LINE) + "\\S+ ttyS0"), BOOT);
            System.out.printf(
                    "DebianImageIT: BIOS boot to the login prompt under TCG in %.1f s%n",
                    (System.nanoTime() - start) / 1e9);
            assertTrue(issue.contains("ttyS0"), issue);
            assertTrue(
                    console.lastMatch(Pattern.compile("Debian GNU/Linux 12 \\(kvmctl test disk\\)"))
                            .isPresent(),
                    "GRUB's menu on the serial terminal");
            assertTrue(
                    console.lastMatch(Pattern.compile("Command line: .*console=ttyS0"))
                            .isPresent(),
                    "the kernel's messages with console=ttyS0");
            assertTrue(
                    console.lastMatch(Pattern.compile("Welcome to .*Debian GNU/Linux 12"))
                            .isPresent(),
                    "systemd's banner");
        }

        String down = ok(root, "down", "deb-bios", "--timeout", "90", "--json"); // systemd under TCG: ~10-30 s
        assertTrue(down.contains("\"step\" : \"powerdown\""), "stopped by the power button: " + down);
        assertEquals(modifiedBefore, Files.getLastModifiedTime(disk), "the cached image was written");
        assertEquals(sizeBefore, Files.size(disk), "the cached image was written");
    }

    private static String ok(RuntimeRoot root, String... args) throws Exception {
        KvmctlProcess p = KvmctlProcess.run(root, args);
        assertEquals(0, p.exitCode(), "kvmctl " + String.join(" ", args) + ": " + p);
        return p.output();
    }
}
