package io.kvmctl.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.Folders;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.OtherUser;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.testing.TestQemu;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A VM started by root cannot be reached through kvmctl by another local user: not through root's runtime root
 * (private folder), and not even when the folders on the way are opened up by mistake (the sockets are 0600 and
 * kvmctl refuses a runtime root it does not own). The other user is {@link OtherUser}, run through runuser.
 */
class OtherUserIT {
    private static OtherUser user;

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();

    @BeforeAll
    static void createUser() throws Exception {
        TestQemu.require();
        user = OtherUser.create();
    }

    @AfterAll
    static void removeUser() throws Exception {
        if (user != null) {
            user.close();
        }
    }

    @Test
    void anotherUserCannotControlRootsVmThroughKvmctl() throws Exception {
        RuntimeRoot root = vms.root();
        Path profile = TestGuests.bootSectorProfile(tmp, "mine", TestGuests.COUNTER, "tcg");
        try (Vm vm = Vm.start(profile, StartOptions.defaults().withRoot(root))) {
            Map<String, String> env = Map.of("KVMCTL_RUNTIME_DIR", root.path().toString());
            Path cwd = Path.of("/");

            // 1. As things are: root's runtime root sits in a private folder.
            for (String[] cmd : new String[][] {{"status", "mine"}, {"qmp", "mine", "stop"}, {"down", "mine"}}) {
                OtherUser.Result r = user.kvmctl(env, cwd, cmd);
                assertEquals(2, r.exitCode(), String.join(" ", cmd) + ": " + r.output());
                assertTrue(
                        r.output().contains("permission denied: you (uid " + user.uid + ") cannot enter ")
                                && r.output().contains("run kvmctl as that user"),
                        String.join(" ", cmd) + " should say why and what to do: " + r.output());
                assertTrue(!r.output().contains("\tat "), "no stack trace: " + r.output());
            }
            OtherUser.Result direct = user.kvmctl(
                    Map.of(), cwd, "qmp", "--socket", vm.directory().qmpSocket().toString(), "stop");
            assertEquals(2, direct.exitCode(), direct.output());
            assertTrue(
                    direct.output().contains("EACCES") && direct.output().contains("belongs to another user"),
                    direct.output());

            // 2. Folders opened by mistake (o+x all the way): the sockets themselves still refuse.
            for (Path p = vm.directory().path(); p.startsWith(tmp); p = p.getParent()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
            }
            OtherUser.Result viaName = user.kvmctl(env, cwd, "qmp", "mine", "stop");
            assertEquals(2, viaName.exitCode(), viaName.output());
            assertTrue(
                    viaName.output().contains("belongs to uid 0, not to you (uid " + user.uid + ")"), viaName.output());
            for (Path socket : List.of(
                    vm.directory().qmpSocket(),
                    vm.directory().controlSocket(),
                    vm.directory().userMonitorSocket(),
                    vm.directory().serialSocket())) {
                OtherUser.Result r = user.kvmctl(Map.of(), cwd, "qmp", "--socket", socket.toString(), "stop");
                assertNotEquals(0, r.exitCode(), socket + ": " + r.output());
                assertTrue(
                        r.output().contains("EACCES") && r.output().contains("permission denied on the socket"),
                        socket + ": " + r.output());
            }
            // and the VM never saw a command from them.
            assertEquals("running", vm.status().state());
            vm.stop(Duration.ZERO, true);
        } finally {
            for (Path p = tmp.resolve("run"); p.startsWith(tmp) && Files.exists(p); p = p.getParent()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    /**
     * Defined VMs for an ordinary user: the definition goes to their XDG config folder (0700, theirs), and define,
     * up by name, list --all, down and undefine work without root.
     */
    @Test
    void anOrdinaryUserKeepsDefinitionsInTheirOwnConfigFolder() throws Exception {
        Path home = Folders.readableByAll("kvmctl-user-home-");
        try {
            Path disk = Files.copy(TestGuests.COUNTER, home.resolve("counter.img"));
            // a relative disk path: define writes it out in full
            Files.writeString(home.resolve("u1.yaml"), """
                    name: u1
                    accel: tcg
                    memory: 16M
                    disks:
                      - {file: counter.img, format: raw, bus: ide}
                    """);
            OtherUser.sh(true, "chown", "-R", OtherUser.NAME, home.toString());
            Map<String, String> env = Map.of("HOME", home.toString(), "KVMCTL_RUNTIME_DIR", home + "/run");

            OtherUser.Result define = user.kvmctl(env, home, "define", "u1.yaml");
            assertEquals(0, define.exitCode(), define.output());
            Path stored = home.resolve(".config/kvmctl/vms/u1/profile.yaml");
            assertTrue(define.output().contains(stored.toString()), define.output());
            assertEquals(user.uid, Files.getAttribute(stored, "unix:uid"));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.getParent())));
            assertTrue(Files.readString(stored).contains(disk.toString()), "the disk's full path");

            OtherUser.Result up = user.kvmctl(env, Path.of("/"), "up", "u1");
            assertEquals(0, up.exitCode(), up.output());
            OtherUser.Result list = user.kvmctl(env, Path.of("/"), "list", "--all");
            assertTrue(list.output().matches("(?s).*u1\\s+running.*yes.*"), list.output());
            assertEquals(
                    0, user.kvmctl(env, Path.of("/"), "down", "u1", "--force").exitCode());
            OtherUser.Result undefine = user.kvmctl(env, Path.of("/"), "undefine", "u1");
            assertEquals(0, undefine.exitCode(), undefine.output());
            assertFalse(Files.exists(stored.getParent()));
        } finally {
            Folders.deleteTree(home);
        }
    }
}
