package io.kvmctl.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.Folders;
import io.kvmctl.testing.GuestShell;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.OtherUser;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.testing.TestQemu;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.VmDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rest of "everything that needs no root works as an ordinary user in group kvm": image create, info and
 * convert, a VM with an {@code overlay: true} disk, and {@code migrate --local} of that user-net guest, all run
 * through {@code runuser} with a clean environment. Every file is the user's, runtime directories are 0700 and
 * sockets 0600, and the guest's overlay writes survive the migration.
 */
class UnprivilegedMigrationAndImagesIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration GUEST = Duration.ofSeconds(120);
    private static final String MARKER = "kvmctl-unprivileged-write";
    private static OtherUser user;
    private static Path shared;

    @BeforeAll
    static void setUp() throws Exception {
        TestQemu.require();
        TestGuests.requireImages();
        user = OtherUser.create().grantKvm();
        shared = Folders.readableByAll("kvmctl-unpriv-mig-");
        OtherUser.sh(true, "chown", OtherUser.NAME, shared.toString()); // the user's own folder for its images
    }

    /** The user's default runtime root, which kvmctl makes (0700, the user's): its VMs go after each test. */
    @RegisterExtension
    final IsolatedVms vms = IsolatedVms.at(UnprivilegedMigrationAndImagesIT::runtimeRoot);

    @AfterAll
    static void tearDown() throws Exception {
        try {
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

    private static OtherUser.Result ok(String... args) throws IOException {
        OtherUser.Result r = kvmctl(args);
        assertEquals(0, r.exitCode(), "kvmctl " + String.join(" ", args) + " as " + OtherUser.NAME + ": " + r.output());
        return r;
    }

    private static Path runtimeRoot() {
        return Path.of("/tmp", "kvmctl-" + user.uid);
    }

    @Test
    void imagesAreCreatedInspectedAndConvertedAsTheUser() throws Exception {
        Path a = shared.resolve("a.qcow2");
        Path b = shared.resolve("b.raw");
        ok("image", "create", a.toString(), "16M");
        JsonNode info =
                JSON.readTree(ok("image", "info", a.toString(), "--json").output());
        assertEquals("qcow2", info.path("format").asString(), info.toString());
        assertEquals(16L << 20, info.path("virtual_size_bytes").asLong(), info.toString());
        ok("image", "convert", a.toString(), b.toString(), "--format", "raw");
        assertEquals(16L << 20, Files.size(b));
        Path overlay = shared.resolve("o.qcow2");
        ok("image", "create", overlay.toString(), "--backing", b.toString());
        for (Path p : List.of(a, b, overlay)) {
            assertEquals(user.uid, Files.getAttribute(p, "unix:uid"), p + " belongs to the user");
        }
        try (Stream<Path> s = Files.list(shared)) {
            assertEquals(
                    List.of(),
                    s.filter(p -> p.getFileName().toString().endsWith(".kvmctl-partial"))
                            .toList(),
                    "partial images left");
        }
        OtherUser.Result again = kvmctl("image", "create", a.toString(), "16M");
        assertEquals(2, again.exitCode(), again.output());
        assertTrue(again.output().contains(a + " already exists"), again.output());
    }

    @Test
    void overlayVmMigratesLocallyAsTheUserAndKeepsItsWrites() throws Exception {
        // Root's files the user may only read: the base image and the guest's kernel.
        Path base = Files.createTempFile("kvmctl-unpriv-base-", ".raw");
        try {
            Files.write(base, new byte[4 << 20]);
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rw-r--r--"));
            String baseSum = sha256(base);
            Path profile = Files.writeString(
                    shared.resolve("mig.yaml"), """
                    name: mig
                    accel: tcg
                    memory: 128M
                    boot:
                      kernel: %s
                      initrd: %s
                      append: console=ttyS0 quiet kvmctl.dhcp=0
                    disks:
                      - {id: root, file: %s, format: raw, overlay: true}
                    nics:
                      - {id: net0, user: {}}
                    """.formatted(TestGuests.KERNEL, TestGuests.INITRD, base));
            ok("up", profile.toString());
            VmDirectory dir = new VmDirectory(runtimeRoot().resolve("mig"));
            int sourcePid = qemuPid(dir);
            checkOwnership(dir);
            try (SerialConsole console = SerialConsole.attach(dir)) {
                console.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), GUEST);
                GuestShell.run(console, "echo " + MARKER + " | dd of=/dev/vda bs=512 seek=8 conv=fsync", GUEST);
            }

            ok("migrate", "mig", "--local");
            int destPid = qemuPid(dir);
            assertNotEquals(sourcePid, destPid, "a new QEMU runs the guest");
            assertFalse(ProcessHandle.of(sourcePid).map(ProcessHandle::isAlive).orElse(false), "the source runs on");
            checkOwnership(dir);
            try (SerialConsole console = SerialConsole.attach(dir)) {
                List<String> read = GuestShell.run(
                        console,
                        "echo 3 > /proc/sys/vm/drop_caches; dd if=/dev/vda"
                                + " bs=512 skip=8 count=1 2>/dev/null | head -c " + MARKER.length() + "; echo",
                        GUEST);
                assertTrue(read.stream().anyMatch(l -> l.startsWith(MARKER)), "the write survived: " + read);
            }
            assertTrue(ok("qmp", "mig", "query-status").output().contains("running"));
            ok("down", "mig", "--timeout", "0");
            assertFalse(Files.exists(dir.path()), "runtime directory left after down");
            assertEquals(baseSum, sha256(base), "the base image was written");
        } finally {
            Files.deleteIfExists(base);
        }
    }

    private static int qemuPid(VmDirectory dir) throws IOException {
        return JSON.readTree(Files.readAllBytes(dir.state())).path("qemuPid").asInt();
    }

    /** QEMU and every file are the user's; directories 0700 (which guards the files in them), sockets 0600. */
    private static void checkOwnership(VmDirectory dir) throws IOException {
        assertEquals(
                user.uid, Files.getAttribute(Path.of("/proc/" + qemuPid(dir)), "unix:uid"), "QEMU runs as the user");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(runtimeRoot())));
        List<String> problems = new ArrayList<>();
        int sockets = 0;
        try (Stream<Path> s = Files.walk(dir.path())) {
            for (Path p : s.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                String mode =
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                int type = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
                boolean socket = type == 0140000;
                if (uid != user.uid) {
                    problems.add(p + " belongs to uid " + uid);
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !mode.equals("rwx------")) {
                    problems.add(p + " is a directory with mode " + mode);
                }
                sockets += socket ? 1 : 0;
                if (socket && !mode.equals("rw-------")) {
                    problems.add(p + " is a socket with mode " + mode);
                }
            }
        }
        assertEquals(List.of(), problems, "in " + dir.path());
        assertTrue(sockets >= 4, "QMP, control, monitor and serial sockets checked: " + sockets);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
