package io.kvmctl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.StopStep;
import io.kvmctl.vm.VmHomes;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Autostart at a real systemd boot. PID 1 on these hosts is not systemd, so the test boots one: this host's own
 * userland as a container ({@code systemd-nspawn -b}: a root of a copy of /etc, the host's /usr read-only), with
 * the unit {@code kvmctl autostart NAME on} installed into that root's /etc/systemd/system. At the container's boot
 * the VM must start (the unit active, the guest's READY line), and at its poweroff systemd stops the unit, whose
 * kvmctl powers the guest off through the ACPI power button before anything is killed.
 */
class AutostartBootIT {
    private static final Duration BOOT = Duration.ofSeconds(120);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void anAutostartVmStartsAtSystemdsBootAndPowersOffGracefullyAtItsShutdown() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "booting a container needs root");
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/systemd-nspawn")),
                "no systemd-nspawn (apt-get install systemd-container)");
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/systemd/systemd")), "no systemd to boot");
        TestGuests.requireImages();
        RuntimeRoot root = vms.root();
        Path profile = TestGuests.linuxProfile(vms.dir(), "auto1", "");
        assertEquals(0, KvmctlProcess.run(root, "define", profile.toString()).exitCode());

        Path container = containerRoot(vms.dir().resolve("container"));
        Path launcher = launcher(vms.dir().resolve("kvmctl"));
        KvmctlProcess on = run(root, launcher, container.resolve("etc/systemd/system"), "autostart", "auto1", "on");
        assertEquals(0, on.exitCode(), on.toString());

        boolean ownRunTmpfs = RunTmpfs.ensure();
        Path bootLog = vms.dir().resolve("container-boot.log");
        Process nspawn = new ProcessBuilder(nspawn(container))
                .redirectErrorStream(true)
                .redirectOutput(bootLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            long init = awaitInit(nspawn);
            awaitActive(init, "kvmctl-auto1.service");
            String status = inContainer(init, "systemctl", "status", "--no-pager", "kvmctl-auto1.service");
            assertTrue(status.contains(" up auto1 --foreground"), status);
            Path serial = root.vm("auto1").serialLog();
            awaitLine(serial, TestGuests.READY);

            inContainer(init, "systemctl", "poweroff");
            assertTrue(nspawn.waitFor(BOOT.toSeconds(), TimeUnit.SECONDS), "the container did not power off");
        } finally {
            if (nspawn.isAlive()) {
                nspawn.destroy(); // SIGTERM: nspawn powers the container off
                if (!nspawn.waitFor(60, TimeUnit.SECONDS)) {
                    nspawn.destroyForcibly();
                }
            }
            if (ownRunTmpfs) {
                RunTmpfs.release();
            }
        }
        String lastStop = Files.readString(IsolatedVms.storeBeside(root).resolve("auto1/" + LastStop.FILE));
        assertTrue(
                lastStop.contains(StopStep.POWERDOWN.description()),
                "the guest powered off through the power button at the container's shutdown: " + lastStop + "\n"
                        + Files.readString(bootLog));
        assertFalse(Files.exists(root.vm("auto1").path()), "down cleaned the runtime directory");
        assertEquals(List.of(), qemusOf(root), "no QEMU of the test is left");
    }

    /**
     * A root for the container: a copy of /etc (users, the kvmctl user QEMU runs as), without the host's enabled
     * units, and the host's /usr bound over it at boot, so the container runs the JDK, QEMU and systemd this host
     * has. Only the autostart unit kvmctl installs is enabled in it.
     */
    private static Path containerRoot(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String d : List.of("usr", "var", "tmp", "root", "run", "proc", "sys", "dev", "home")) {
            Files.createDirectories(dir.resolve(d));
        }
        for (String l : List.of("bin", "sbin", "lib", "lib64")) {
            Files.createSymbolicLink(dir.resolve(l), Path.of("usr", l));
        }
        sh("cp", "-a", "/etc", dir.toString());
        Files.delete(dir.resolve("etc/os-release")); // a link into /usr, which is bound only at boot
        Files.copy(Path.of("/usr/lib/os-release"), dir.resolve("etc/os-release"));
        sh(
                "rm",
                "-rf",
                dir.resolve("etc/systemd/system").toString(),
                dir.resolve("etc/machine-id").toString());
        Path units = Files.createDirectories(dir.resolve("etc/systemd/system"));
        // The unit waits for network-online.target, right on a host; in a container with a private network and no
        // networkd, systemd-networkd-wait-online would hold that target (and the VM) for its 2-minute timeout.
        Files.createSymbolicLink(units.resolve("systemd-networkd-wait-online.service"), Path.of("/dev/null"));
        return dir;
    }

    /** The command line of kvmctl as a script the unit can run: this test's JVM, module path and module. */
    private static Path launcher(Path file) throws IOException {
        String line = KvmctlProcess.command().stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
        Files.writeString(file, "#!/bin/sh\nexec " + line + " \"$@\"\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** systemd-nspawn booting {@code container}, with what kvmctl and the guest need bound at the same paths. */
    private List<String> nspawn(Path container) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                "systemd-nspawn",
                "--directory=" + container,
                "--bind-ro=/usr",
                "--bind=" + vms.dir(), // runtime root, store, homes, logs: the host reads them afterwards
                "--bind-ro=" + TestGuests.IMAGES, // kernel, initrd, QEMU 10; a symbolic link is followed
                "--private-network", // the guest uses QEMU's user network: nothing of the host's is needed
                "--register=no", // no machined here (PID 1 is not systemd) ...
                "--keep-unit", // ... and no scope from it either
                "--boot",
                "--console=pipe"));
        for (String entry : System.getProperty("jdk.module.path").split(File.pathSeparator)) {
            cmd.add("--bind-ro=" + entry);
        }
        return cmd;
    }

    private static long awaitInit(Process nspawn) throws Exception {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (System.nanoTime() < deadline && nspawn.isAlive()) {
            var init = nspawn.descendants()
                    .filter(p -> p.info().command().orElse("").equals("/usr/lib/systemd/systemd"))
                    .findFirst();
            if (init.isPresent()) {
                return init.get().pid();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the container's systemd did not start (nspawn alive: " + nspawn.isAlive() + ")");
    }

    private static void awaitActive(long init, String unit) throws Exception {
        long deadline = System.nanoTime() + BOOT.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = inContainer(init, "systemctl", "is-active", unit).strip();
            if (state.equals("active")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(unit + " is " + state + " after the container's boot: "
                + inContainer(init, "journalctl", "--no-pager", "-n", "40", "-u", unit));
    }

    private static void awaitLine(Path log, String line) throws Exception {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no '" + line + "' in " + log);
    }

    /** Runs a command inside the container (all its namespaces), its output. */
    private static String inContainer(long init, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", String.valueOf(init), "-a"));
        cmd.addAll(List.of(args));
        return sh(cmd.toArray(String[]::new));
    }

    private static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
        return out;
    }

    /** kvmctl with the launcher it names in units and the unit folder of the container's root. */
    private static KvmctlProcess run(RuntimeRoot root, Path launcher, Path unitDir, String... args) throws Exception {
        List<String> cmd = KvmctlProcess.command(args);
        cmd.add(1, "-Dkvmctl.launcher=" + launcher);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        pb.environment()
                .put("KVMCTL_LOG_DIR", IsolatedVms.logRootBeside(root).path().toString());
        pb.environment().put(VmHomes.ENV, IsolatedVms.dataDirBeside(root).toString());
        pb.environment().put(VmHomes.STORE_ENV, IsolatedVms.storeBeside(root).toString());
        pb.environment().put(Autostarts.UNIT_DIR_ENV, unitDir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        return new KvmctlProcess(p.exitValue(), out);
    }

    /** QEMU processes whose command line names this test's runtime root. */
    private static List<String> qemusOf(RuntimeRoot root) {
        return ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("qemu-system") && c.contains(root.path().toString()))
                .toList();
    }

    /**
     * nspawn keeps state under /run/systemd/nspawn and refuses to clean it up unless it is on a tmpfs, which this
     * host's /run is not (no systemd set it up): a tmpfs there, mounted only when missing and removed afterwards.
     */
    private static final class RunTmpfs {
        private static final Path DIR = Path.of("/run/systemd/nspawn");

        static boolean ensure() throws Exception {
            if (sh("stat", "-f", "-c", "%T", "/run").strip().equals("tmpfs") || isMountpoint()) {
                return false;
            }
            Files.createDirectories(DIR);
            sh("mount", "-t", "tmpfs", "-o", "mode=0755", "tmpfs", DIR.toString());
            return true;
        }

        private static boolean isMountpoint() throws Exception {
            Process p = new ProcessBuilder("mountpoint", "-q", DIR.toString()).start();
            return p.waitFor() == 0;
        }

        static void release() throws Exception {
            sh("umount", DIR.toString());
        }
    }
}
