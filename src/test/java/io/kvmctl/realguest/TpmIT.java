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
import io.kvmctl.vm.Swtpm;
import io.kvmctl.vm.VmHomes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tpm: true} with OVMF and no disk: the firmware finds the TPM, sends TPM2_Startup and measures its boot,
 * so swtpm writes the TPM's permanent state in the VM's home within seconds. That is enough to check the whole
 * life of the helper: started before QEMU, QEMU's device on it, gone after {@code down}, its state kept and used
 * again by the next {@code up}; and the refusal when swtpm is not installed.
 */
class TpmIT {
    /** OVMF's TPM2_Startup under TCG: a few seconds on a quiet machine; minutes are a hang even at load 10. */
    private static final Duration TO_STATE = Duration.ofMinutes(3);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void ovmfTalksToSwtpmWhoseStateOutlivesDownAndIsUsedAgain() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/swtpm")), "swtpm is not installed (apt-get install swtpm)");
        assumeTrue(
                FirmwareChoice.pick(InstalledFirmware.descriptors(), "pc-q35-7.2", false)
                        .isPresent(),
                "no OVMF build for q35 is installed (apt-get install ovmf)");
        RuntimeRoot root = vms.root();
        Path profile = profile("tpm");
        ok(root, "up", profile.toString());
        Path state = vms.homes().of("tpm").resolve(Swtpm.STATE_DIR);
        Path permall = state.resolve(Swtpm.PERMANENT_STATE);
        int swtpm = swtpmPid(root, "tpm");
        assertTrue(isSwtpm(swtpm), "swtpm runs beside QEMU (pid " + swtpm + ")");

        String tpm = ok(root, "qmp", "tpm", "query-tpm");
        assertTrue(tpm.contains("tpm-crb") && tpm.contains("emulator"), "QEMU's TPM is tpm-crb on swtpm: " + tpm);
        assertTrue(ok(root, "status", "tpm").contains("tpm:         swtpm 2.0 (state in " + state + ")"));
        assertTrue(waitFor(permall), "OVMF started the TPM: swtpm wrote " + permall + " within " + TO_STATE);
        byte[] first = Files.readAllBytes(permall);

        String refused = KvmctlProcess.run(root, "migrate", "tpm", "--local").output();
        assertTrue(refused.contains("has a TPM (tpm: true), and kvmctl cannot migrate it yet"), refused);

        ok(root, "down", "tpm", "--timeout", "5"); // OVMF's shell ignores the power button
        assertTrue(waitGone(swtpm), "no swtpm after down (pid " + swtpm + ")");
        assertTrue(Files.isRegularFile(permall), "the TPM state outlives down");
        assertEquals(List.of(), root.names(), "no runtime directory");

        ok(root, "up", profile.toString());
        int second = swtpmPid(root, "tpm");
        assertTrue(isSwtpm(second));
        // swtpm replaces the file at each write (a new inode), so continuity is in the content: the same TPM keeps
        // its seeds and keys and differs in its counters and clock only, where a new TPM (a new manufacture) has
        // new random seeds (measured here: 3 of 1315 bytes differ between two runs of one TPM, about 430 between
        // two new ones).
        byte[] again = awaitChange(permall, first);
        int differing = differingBytes(first, again);
        assertTrue(
                again.length == first.length && differing < 64,
                "the next start goes on with the same TPM: " + first.length + " -> " + again.length + " bytes, "
                        + differing + " differ");
        ok(root, "down", "tpm", "--timeout", "5");
        assertTrue(waitGone(second), "no swtpm after the second down");
    }

    @Test
    void missingSwtpmIsOneLineWithExitTwoAndNothingCreated() throws Exception {
        Path noSwtpm = Files.createDirectory(vms.dir().resolve("empty-path"));
        RuntimeRoot root = vms.root();
        ProcessBuilder pb =
                new ProcessBuilder(KvmctlProcess.command("up", profile("nosw").toString())).redirectErrorStream(true);
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        pb.environment()
                .put("KVMCTL_LOG_DIR", IsolatedVms.logRootBeside(root).path().toString());
        pb.environment().put(VmHomes.ENV, IsolatedVms.dataDirBeside(root).toString());
        pb.environment().put("PATH", noSwtpm.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "kvmctl did not finish: " + out);
        assertEquals(2, p.exitValue(), out);
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), out);
        assertTrue(lines.getFirst().contains("swtpm") && lines.getFirst().contains("apt-get install swtpm"), out);
        assertEquals(List.of(), root.names(), "no runtime directory");
        assertFalse(Files.exists(vms.homes().of("nosw")), "no home");
        assertFalse(Files.exists(vms.logRoot().vm("nosw")), "no log folder");
    }

    private Path profile(String name) throws Exception {
        return Files.writeString(vms.dir().resolve(name + ".yaml"), """
                name: %s
                accel: tcg
                machine: q35
                memory: 256M
                firmware: uefi
                tpm: true
                """.formatted(name));
    }

    private static int swtpmPid(RuntimeRoot root, String name) throws Exception {
        return Integer.parseInt(
                Files.readString(root.vm(name).path().resolve("swtpm.pid")).strip());
    }

    private static boolean isSwtpm(int pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Integer.toString(pid), "cmdline"));
            return cmdline.split("\0", 2)[0].endsWith("/swtpm");
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    private static boolean waitGone(int pid) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (isSwtpm(pid)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Waits for a file swtpm writes on its own schedule (no event tells when): bounded, checked 5 times a second. */
    private static boolean waitFor(Path file) throws Exception {
        long end = System.nanoTime() + TO_STATE.toNanos();
        while (!Files.isRegularFile(file)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    /**
     * The file once swtpm has written it again (its content differs from {@code before}), or as it is after 20 s
     * (the same bytes: the same TPM too).
     */
    private static byte[] awaitChange(Path file, byte[] before) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            byte[] now = Files.readAllBytes(file);
            if (!java.util.Arrays.equals(now, before) || System.nanoTime() > end) {
                return now;
            }
            Thread.sleep(200);
        }
    }

    private static int differingBytes(byte[] a, byte[] b) {
        int n = Math.abs(a.length - b.length);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            n += a[i] != b[i] ? 1 : 0;
        }
        return n;
    }

    private static String ok(RuntimeRoot root, String... args) throws Exception {
        KvmctlProcess p = KvmctlProcess.run(root, args);
        assertEquals(0, p.exitCode(), "kvmctl " + String.join(" ", args) + ": " + p);
        return p.output();
    }
}
