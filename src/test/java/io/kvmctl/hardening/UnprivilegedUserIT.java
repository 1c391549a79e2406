package io.kvmctl.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.Folders;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.OtherUser;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.testing.TestQemu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * kvmctl as an ordinary user in group kvm (with an ACL on /dev/kvm, removed afterwards): probe, up/down of a
 * user-net VM and QMP work; taps and bridges, which need CAP_NET_ADMIN, are refused with the fix and leave
 * nothing behind. No KVMCTL_RUNTIME_DIR and no XDG_RUNTIME_DIR (as under runuser): the runtime root is
 * /tmp/kvmctl-UID, which {@link OtherUser#close()} removes.
 */
class UnprivilegedUserIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BRIDGE = "kvmctltbr0";
    private static OtherUser user;
    private static Path shared;

    @BeforeAll
    static void setUp() throws Exception {
        TestQemu.require();
        TestGuests.requireImages();
        user = OtherUser.create().grantKvm();
        shared = Folders.readableByAll("kvmctl-unpriv-"); // the user's profiles
    }

    /** The user's default runtime root, which kvmctl makes (0700, the user's): its VMs go after each test. */
    @RegisterExtension
    final IsolatedVms vms = IsolatedVms.at(UnprivilegedUserIT::runtimeRoot);

    @AfterAll
    static void tearDown() throws Exception {
        try {
            OtherUser.sh(false, "ip", "link", "del", BRIDGE);
            if (shared != null) {
                Folders.deleteTree(shared);
            }
        } finally {
            if (user != null) {
                user.close();
            }
        }
    }

    private static OtherUser.Result kvmctl(String... args) throws IOException {
        return user.kvmctl(Map.of(), shared, args);
    }

    private static Path runtimeRoot() {
        return Path.of("/tmp", "kvmctl-" + user.uid);
    }

    private static Path profile(String name, String nics) throws IOException {
        // The user's own copy of the disk: QEMU opens it read-write.
        Path disk = shared.resolve(name + ".img");
        Files.copy(TestGuests.COUNTER, disk, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        OtherUser.sh(true, "chown", OtherUser.NAME, disk.toString());
        Path p = shared.resolve(name + ".yaml");
        Files.writeString(p, """
                name: %s
                accel: kvm
                memory: 16M
                disks:
                  - file: %s
                    format: raw
                    bus: ide
                nics:
                %s
                """.formatted(name, disk, nics));
        return p;
    }

    @Test
    void probeSaysKvmIsUsableForTheUser() throws Exception {
        OtherUser.Result r = kvmctl("probe", "--json");
        assertEquals(0, r.exitCode(), r.output());
        JsonNode json = JSON.readTree(r.output().substring(r.output().indexOf('{')));
        assertEquals("usable", json.path("verdict").asString(), r.output());
    }

    @Test
    void userNetVmGoesUpAnswersQmpAndGoesDown() throws Exception {
        Path profile = profile("plain", """
                  - id: net0
                    user:
                      hostfwd:
                        - host_port: auto
                          guest_port: 22
                """);
        OtherUser.Result up = kvmctl("up", profile.toString());
        assertEquals(0, up.exitCode(), up.output());

        Path dir = runtimeRoot().resolve("plain");
        assertEquals(user.uid, Files.getAttribute(runtimeRoot(), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runtimeRoot())));
        JsonNode state = JSON.readTree(Files.readAllBytes(dir.resolve("state.json")));
        int qemuPid = state.path("qemuPid").asInt();
        int supervisorPid = state.path("supervisorPid").asInt();
        assertEquals(user.uid, Files.getAttribute(Path.of("/proc/" + qemuPid), "unix:uid"), "QEMU runs as the user");

        OtherUser.Result status = kvmctl("status", "plain", "--json");
        assertEquals(0, status.exitCode(), status.output());
        JsonNode s = JSON.readTree(status.output());
        assertEquals("running", s.path("state").asString(), status.output());
        assertEquals("kvm", s.path("accel").asString(), "KVM through the ACL: " + status.output());
        assertTrue(s.path("network").path("forwards").get(0).path("host_port").asInt() > 0, status.output());

        OtherUser.Result qmp = kvmctl("qmp", "plain", "query-status", "--json");
        assertEquals(0, qmp.exitCode(), qmp.output());
        assertTrue(qmp.output().contains("\"running\""), qmp.output());

        OtherUser.Result down = kvmctl("down", "plain", "--force");
        assertEquals(0, down.exitCode(), down.output());
        assertFalse(Files.exists(dir), "runtime directory left after down");
        assertFalse(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive).orElse(false), "QEMU still runs");
        // The supervisor shell writes QEMU's exit status and ends right after QEMU: give it a bounded moment.
        assertTrue(awaitGone(supervisorPid), "the supervisor " + supervisorPid + " still runs after down");
    }

    @Test
    void tapAndBridgeNeedPrivilegeAndSayHowWithoutHalfCreatingAnything() throws Exception {
        OtherUser.sh(true, "ip", "link", "add", BRIDGE, "type", "bridge");
        List<String> linksBefore = links();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!userProcesses().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // processes of an earlier test (a supervisor shell) finishing their exit
        }
        assertEquals(List.of(), userProcesses(), "processes of the user before the test");
        record Case(String name, String nic, String fix) {}
        for (Case c : List.of(
                new Case(
                        "newtap",
                        "  - tap: {ifname: kvmctlt9}\n",
                        "no permission to create a tap: that needs CAP_NET_ADMIN. Run kvmctl as root, or have "
                                + "root create a tap for you ('ip tuntap add dev tap0 mode tap user "),
                new Case(
                        "bridged",
                        "  - bridge: {name: " + BRIDGE + "}\n",
                        "no permission to create a tap: that needs CAP_NET_ADMIN"))) {
            OtherUser.Result up = kvmctl("up", profile(c.name(), c.nic()).toString());
            assertEquals(2, up.exitCode(), up.output());
            assertTrue(up.output().contains(c.fix()), c.name() + ": " + up.output());
            assertFalse(up.output().contains("\tat "), "no stack trace: " + up.output());
            assertFalse(Files.exists(runtimeRoot().resolve(c.name())), c.name() + ": runtime directory left");
            assertEquals(List.of(), userProcesses(), c.name() + ": processes of the user left running");
            assertEquals(linksBefore, links(), c.name() + ": network interfaces changed");
        }
    }

    private static boolean awaitGone(int pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Names of the host's network interfaces, sorted. */
    private static List<String> links() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Processes (QEMU, supervisors) owned by the test user right now. */
    private static List<String> userProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    try {
                        return user.uid == (Integer) Files.getAttribute(Path.of("/proc/" + p.pid()), "unix:uid");
                    } catch (IOException | RuntimeException e) {
                        return false;
                    }
                })
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }
}
