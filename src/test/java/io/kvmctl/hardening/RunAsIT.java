package io.kvmctl.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.QemuSystemUser;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.testing.TestQemu;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kvmctl as root runs QEMU as the unprivileged {@code kvmctl} user, and what QEMU opens after it dropped root still
 * works: a screenshot, a hot-plugged disk image in root's private folder, snapshot save and load, and a local
 * migration. {@code run_as: root} keeps QEMU root and status says so; a user the host lacks is refused before
 * anything is created. Boot-sector guests under TCG.
 */
class RunAsIT {
    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();

    @BeforeEach
    void setUp() {
        TestQemu.require();
        TestGuests.requireImages();
        assumeTrue("root".equals(System.getProperty("user.name")), "QEMU switches users only when kvmctl is root");
    }

    /** A qcow2 copy of the counter guest (snapshots need qcow2) with a VNC screen, in root's private folder. */
    private Path profile(String name, String extra) throws Exception {
        Path disk = tmp.resolve(name + ".qcow2");
        run(List.of("qemu-img", "convert", "-O", "qcow2", TestGuests.COUNTER.toString(), disk.toString()));
        return Files.writeString(tmp.resolve(name + ".yaml"), """
                name: %s
                accel: tcg
                memory: 16M
                disks:
                  - file: %s
                    format: qcow2
                display:
                  vnc: auto
                %s
                """.formatted(name, disk, extra));
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), command + ": " + out);
        return out.strip();
    }

    /** The real and effective uid and gid of {@code pid}, from the kernel. */
    private static List<String> ids(int pid) throws IOException {
        String status = Files.readString(Path.of("/proc", Integer.toString(pid), "status"));
        String uid =
                status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        String gid =
                status.lines().filter(l -> l.startsWith("Gid:")).findFirst().orElseThrow();
        String[] u = uid.split("\\s+");
        String[] g = gid.split("\\s+");
        return List.of(u[1], u[2], g[1], g[2]);
    }

    private static int qemuPid(RuntimeRoot root, String name) throws IOException {
        try (Vm vm = Vm.attach(root, name)) {
            return vm.record().qemuPid();
        }
    }

    @Test
    void qemuRunsAsTheKvmctlUserAndStillReachesWhatItOpensLater() throws Exception {
        String uid = run(List.of("id", "-u", QemuSystemUser.NAME));
        String gid = run(List.of("id", "-g", QemuSystemUser.NAME));
        Path profile = profile("drop", "");
        KvmctlProcess up = KvmctlProcess.run(root, "up", profile.toString());
        assertEquals(0, up.exitCode(), up.output());
        int pid = qemuPid(root, "drop");
        assertEquals(List.of(uid, uid, gid, gid), ids(pid), "QEMU's uid/gid on " + TestQemu.versionLine());
        KvmctlProcess status = KvmctlProcess.run(root, "status", "drop");
        assertTrue(status.output().contains("qemu user:   kvmctl"), status.output());

        // A screen dump into root's 0700 runtime directory.
        Path png = tmp.resolve("screen.png");
        KvmctlProcess shot = KvmctlProcess.run(root, "screenshot", "drop", png.toString());
        assertEquals(0, shot.exitCode(), shot.output());
        assertTrue(Files.size(png) > 0);

        // Before any hot-plug: the destination starts from the profile, so it must have the same devices.
        KvmctlProcess migrate = KvmctlProcess.run(root, "migrate", "drop", "--local");
        assertEquals(0, migrate.exitCode(), migrate.output());
        int after = qemuPid(root, "drop");
        assertFalse(after == pid, "a new QEMU after the local migration");
        assertEquals(List.of(uid, uid, gid, gid), ids(after), "the destination QEMU's ids");
        pid = after;

        // A new image in root's private folder, which the kvmctl user cannot open by its path.
        Path extra = tmp.resolve("extra.qcow2");
        run(List.of("qemu-img", "create", "-f", "qcow2", extra.toString(), "8M"));
        assertEquals("rwx------", permissions(tmp), tmp + " is private to root");
        KvmctlProcess add =
                KvmctlProcess.run(root, "device", "add", "drop", "disk", extra.toString(), "--format", "qcow2");
        assertEquals(0, add.exitCode(), add.output());
        KvmctlProcess list = KvmctlProcess.run(root, "device", "list", "drop");
        assertTrue(list.output().contains("hd0"), list.output());

        KvmctlProcess save = KvmctlProcess.run(root, "snapshot", "save", "drop", "one");
        assertEquals(0, save.exitCode(), save.output());
        KvmctlProcess load = KvmctlProcess.run(root, "snapshot", "load", "drop", "one");
        assertEquals(0, load.exitCode(), load.output());

        KvmctlProcess down = KvmctlProcess.run(root, "down", "drop", "--timeout", "0");
        assertEquals(0, down.exitCode(), down.output());
    }

    private static String permissions(Path p) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void runAsRootKeepsQemuRootAndStatusSaysSo() throws Exception {
        Path profile = profile("asroot", "run_as: root");
        KvmctlProcess up = KvmctlProcess.run(root, "up", profile.toString());
        assertEquals(0, up.exitCode(), up.output());
        assertEquals(List.of("0", "0", "0", "0"), ids(qemuPid(root, "asroot")));
        KvmctlProcess status = KvmctlProcess.run(root, "status", "asroot");
        assertTrue(status.output().contains("qemu user:   root (run_as: root)"), status.output());
        KvmctlProcess json = KvmctlProcess.run(root, "status", "asroot", "--json");
        assertTrue(json.output().matches("(?s).*\"qemu_user\"\\s*:\\s*\"root \\(run_as: root\\)\".*"), json.output());
        KvmctlProcess down = KvmctlProcess.run(root, "down", "asroot", "--timeout", "0");
        assertEquals(0, down.exitCode(), down.output());
    }

    @Test
    void aUserTheHostLacksIsRefusedWithNothingLeftBehind() throws Exception {
        Path profile = profile("nouser", "");
        KvmctlProcess up = KvmctlProcess.run(root, "up", profile.toString(), "--run-as", "kvmctl-no-such-user");
        assertEquals(2, up.exitCode(), up.output());
        assertEquals(1, up.output().strip().lines().count(), up.output());
        assertTrue(up.output().contains("this host has no user 'kvmctl-no-such-user'"), up.output());
        assertFalse(Files.exists(root.vm("nouser").path()), "no runtime directory is left");
    }
}
