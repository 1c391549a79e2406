package io.kvmctl.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.sys.Processes;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.testing.TestQemu;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a running VM exposes to other users of the host: its runtime files, its listening sockets and its VNC
 * password. Boot-sector guests under TCG: nothing here needs the guest to boot.
 */
class RuntimeSecurityIT {
    private static final String PASSWORD = "Pw7kvmQx";

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();
    final StartOptions options = vms.options();

    @BeforeEach
    void setUp() {
        TestQemu.require();
    }

    /** A boot-sector guest with a VNC display and a user-net forward, both on their default addresses. */
    private Path exposedProfile(String name, String vncListen) throws IOException {
        TestGuests.requireImages();
        return Files.writeString(tmp.resolve(name + ".yaml"), """
                name: %s
                accel: tcg
                memory: 16M
                disks:
                  - file: %s
                    format: raw
                    bus: ide
                display:
                  vnc: auto
                %s
                nics:
                  - id: net0
                    user:
                      hostfwd:
                        - host_port: auto
                          guest_port: 22
                        - protocol: udp
                          host_port: auto
                          guest_port: 53
                """.formatted(
                        name, TestGuests.COUNTER, vncListen == null ? "" : "  listen: " + vncListen));
    }

    @Test
    void everyRuntimeFileIsOwnedByTheUserAndNoneIsOpenToOthers() throws Exception {
        try (Vm vm = Vm.start(exposedProfile("files", null), options)) {
            int uid = Processes.uid();
            List<String> problems = new ArrayList<>();
            List<Path> all;
            try (Stream<Path> s = Files.walk(root.path())) {
                all = s.toList();
            }
            int sockets = 0;
            for (Path p : all) {
                int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                String perms =
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (owner != uid) {
                    problems.add(p + " belongs to uid " + owner);
                }
                boolean isSocket = (mode & 0170000) == 0140000;
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !perms.equals("rwx------")) {
                    problems.add(p + " is a directory with mode " + perms + " (want rwx------)");
                } else if (isSocket) {
                    sockets++;
                    if (!perms.equals("rw-------")) {
                        problems.add(p + " is a socket with mode " + perms + " (want rw-------)");
                    }
                } else if (Files.isSymbolicLink(p)) {
                    problems.add(p + " is a symbolic link");
                }
            }
            assertEquals(List.of(), problems, "runtime files of " + TestQemu.versionLine());
            // qmp, control, user monitor and serial: the walk really saw the sockets it checks.
            assertTrue(sockets >= 4, "sockets found: " + sockets + " in " + all);
            vm.stop(java.time.Duration.ZERO, true);
        }
    }

    @Test
    void vncAndForwardsListenOnLoopbackOnlyAndQmpOnAUnixSocket() throws Exception {
        try (Vm vm = Vm.start(exposedProfile("loopback", null), options)) {
            List<String> argv = vm.record().argv();
            List<ProcessSockets.Bound> bound = ProcessSockets.of(vm.record().qemuPid());
            // The VNC server and both forwards are bound, so the check below looks at real sockets.
            assertTrue(bound.stream().filter(b -> b.protocol().equals("tcp")).count() >= 2, bound.toString());
            assertTrue(bound.stream().anyMatch(b -> b.protocol().equals("udp")), bound.toString());
            for (ProcessSockets.Bound b : bound) {
                assertTrue(b.address().isLoopbackAddress(), "QEMU listens on " + b + "; argv " + argv);
            }
            for (int i = 0; i < argv.size() - 1; i++) {
                String opt = argv.get(i);
                String value = argv.get(i + 1);
                if (opt.equals("-vnc")) {
                    assertTrue(value.startsWith("127.0.0.1:"), "-vnc " + value);
                }
                if (opt.equals("-qmp") || opt.equals("-monitor") || opt.equals("-chardev")) {
                    assertFalse(
                            value.contains("tcp:") || value.contains("host=") || value.contains("telnet"),
                            opt + " " + value + " is not a Unix socket or inherited fd");
                }
                if (opt.equals("-netdev") || opt.equals("-nic")) {
                    for (String fwd : value.split("hostfwd=")) {
                        if (fwd.startsWith("tcp:") || fwd.startsWith("udp:")) {
                            assertTrue(fwd.matches("(tcp|udp):127\\.0\\.0\\.1:\\d*-.*"), "forward " + fwd);
                        }
                    }
                }
            }
            vm.stop(java.time.Duration.ZERO, true);
        }
    }

    /** The check above can fail: a profile that asks for all addresses does get them, and only then. */
    @Test
    void aProfileThatAsksForAllAddressesListensOnThemVisibly() throws Exception {
        try (Vm vm = Vm.start(exposedProfile("wide", "0.0.0.0"), options)) {
            List<ProcessSockets.Bound> bound = ProcessSockets.of(vm.record().qemuPid());
            assertTrue(
                    bound.stream()
                            .anyMatch(b -> b.address().isAnyLocalAddress() && b.port() >= 5900 && b.port() <= 5999),
                    "VNC on 0.0.0.0 as the profile says: " + bound);
            assertTrue(
                    vm.record().argv().stream().anyMatch(a -> a.startsWith("0.0.0.0:")),
                    vm.record().argv().toString());
            vm.stop(java.time.Duration.ZERO, true);
        }
    }

    @Test
    void qemuStartsWithABuiltEnvironmentNotKvmctls() throws Exception {
        try (Vm vm = Vm.start(exposedProfile("env", null), options)) {
            for (int pid : new int[] {vm.record().qemuPid(), vm.record().supervisorPid()}) {
                String environ =
                        new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8);
                java.util.Set<String> names = new java.util.TreeSet<>();
                for (String entry : environ.split("\0")) {
                    if (!entry.isEmpty()) {
                        names.add(entry.substring(0, entry.indexOf('=')));
                    }
                }
                // QEMU_MODULE_DIR: set by the QEMU 10 wrapper of test-images for its own modules
                names.remove("QEMU_MODULE_DIR");
                // PWD: the supervising /bin/sh exports its working directory itself
                names.remove("PWD");
                assertTrue(
                        java.util.Set.of("PATH", "HOME", "TZ", "TMPDIR", "LC_ALL")
                                .containsAll(names),
                        "pid " + pid + " got " + names);
                assertTrue(environ.contains("LC_ALL=C\0"), environ);
                // this JVM's own environment is far larger (JAVA_HOME, Maven's variables): none of it went along
                assertTrue(
                        System.getenv().size() > names.size() + 2,
                        System.getenv().keySet().toString());
            }
        }
    }

    @Test
    void vncPasswordAppearsNeitherInArgvNorInRuntimeFilesNorInStatus() throws Exception {
        try (Vm vm = Vm.start(exposedProfile("secret", null), options)) {
            Path pwFile = Files.writeString(tmp.resolve("pw"), PASSWORD + "\n");
            KvmctlProcess set = KvmctlProcess.run(root, "vnc", "secret", "--password-file", pwFile.toString());
            assertEquals(0, set.exitCode(), set.output());
            KvmctlProcess generated = KvmctlProcess.run(root, "vnc", "secret", "--generate-password", "--json");
            assertEquals(0, generated.exitCode(), generated.output());
            String second = tools.jackson.databind.json.JsonMapper.builder()
                    .build()
                    .readTree(generated.output())
                    .path("password")
                    .asString();
            assertEquals(8, second.length(), generated.output());

            List<String> places = new ArrayList<>();
            for (int pid : new int[] {vm.record().qemuPid(), vm.record().supervisorPid()}) {
                places.add("argv of " + pid + ": "
                        + new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                                .replace('\0', ' '));
                places.add("environment of " + pid + ": "
                        + new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8));
            }
            try (Stream<Path> s = Files.walk(root.path())) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    places.add(p + ": " + new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            }
            for (String[] cmd : new String[][] {
                {"status", "secret", "--json"},
                {"status", "secret"},
                {"list", "--json"},
                {"vnc", "secret", "--json"},
                {"logs", "secret"}
            }) {
                KvmctlProcess r = KvmctlProcess.run(root, cmd);
                places.add("kvmctl " + String.join(" ", cmd) + ": " + r.output());
            }
            // Nothing checked would be empty-handed: qemu.log, serial.log, state.json and the profile are there.
            assertTrue(places.stream().anyMatch(p -> p.startsWith(vm.directory().state() + ": ")), places.toString());
            assertTrue(places.stream().anyMatch(p -> p.startsWith(vm.directory().qemuLog() + ": ")), places.toString());
            for (String place : places) {
                for (String secret : List.of(PASSWORD, second)) {
                    assertFalse(place.contains(secret), "the VNC password shows in " + place);
                }
            }
            vm.stop(java.time.Duration.ZERO, true);
        }
    }
}
