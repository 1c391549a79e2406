package io.kvmctl.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.MacAddress;
import io.kvmctl.testing.GuestShell;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Overlay disks keep their base untouched; clones boot beside their source with their own identity. */
class OverlayAndCloneIT {
    private static final Duration GUEST = Duration.ofSeconds(120);
    private static final String MARKER = "kvmctl-overlay-marker-4711";

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();
    final StartOptions options = vms.options();

    private Path base() throws IOException {
        byte[] bytes = new byte[4 << 20];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return Files.write(tmp.resolve("base.raw"), bytes);
    }

    @Test
    void guestWritesGoToTheOverlayAndTheBaseImageIsUnchanged() throws Exception {
        Path base = base();
        String before = sha256(base);
        Path profile = TestGuests.linuxProfile(
                tmp, "ovl", "disks:\n  - {id: root, file: " + base + ", format: raw, overlay: true}\n");
        Path overlay;
        try (Vm vm = Vm.start(profile, options);
                SerialConsole console = SerialConsole.attach(vm)) {
            console.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), GUEST);
            overlay = vm.directory().path().resolve("overlay-root.qcow2");
            assertTrue(Files.isRegularFile(overlay), "overlay in the runtime directory");
            GuestShell.run(console, "echo " + MARKER + " | dd of=/dev/vda bs=512 seek=8 conv=fsync && sync", GUEST);
            List<String> readBack = GuestShell.run(
                    console,
                    "echo 3 > /proc/sys/vm/drop_caches; dd if=/dev/vda bs=512"
                            + " skip=8 count=1 2>/dev/null | head -c 26; echo",
                    GUEST);
            assertTrue(readBack.stream().anyMatch(l -> l.startsWith(MARKER)), "the guest reads its write: " + readBack);
            byte[] overlayBytes = Files.readAllBytes(overlay);
            assertTrue(
                    new String(overlayBytes, StandardCharsets.ISO_8859_1).contains(MARKER),
                    "the write landed in the overlay");
            vm.stop(Duration.ZERO, true);
        }
        assertEquals(before, sha256(base), "the base image was written");
        assertFalse(Files.exists(overlay), "the overlay goes with the runtime directory");
    }

    @Test
    void cloneBootsAlongsideTheSourceWithItsOwnUuidAndMac() throws Exception {
        Path base = base();
        Path source = TestGuests.linuxProfile(tmp, "src", """
                uuid: 11111111-2222-3333-4444-555555555555
                disks:
                  - {id: root, file: base.raw, format: raw, overlay: true}
                nics:
                  - {id: net0, mac: "52:54:00:00:00:01", user: {hostfwd: [{host_port: 22522, guest_port: 22}]}}
                """);
        try (Vm src = Vm.start(source, options);
                SerialConsole srcConsole = SerialConsole.attach(src)) {
            KvmctlProcess clone = KvmctlProcess.run(root, "clone", "src", "twin");
            assertEquals(0, clone.exitCode(), clone.toString());
            assertTrue(clone.output().contains("overlay: " + tmp.resolve("twin-root.qcow2")), clone.output());
            assertTrue(clone.output().contains("host port forwards dropped"), clone.output());
            KvmctlProcess again = KvmctlProcess.run(root, "clone", "src", "twin");
            assertEquals(2, again.exitCode(), again.toString());
            assertTrue(again.output().contains(tmp.resolve("twin.yaml") + " already exists"), again.output());

            try (Vm twin = Vm.start(tmp.resolve("twin.yaml"), options);
                    SerialConsole twinConsole = SerialConsole.attach(twin)) {
                srcConsole.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), GUEST);
                twinConsole.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), GUEST);
                String srcUuid = src.qmp().execute("query-uuid").path("UUID").asString();
                String twinUuid = twin.qmp().execute("query-uuid").path("UUID").asString();
                assertEquals("11111111-2222-3333-4444-555555555555", srcUuid);
                assertNotEquals(srcUuid, twinUuid);
                assertTrue(clone.output().contains("(uuid " + twinUuid + ")"), clone.output());
                assertTrue(
                        guest(twinConsole, "cat /sys/class/dmi/id/product_uuid").contains(twinUuid),
                        "the guest sees its UUID");
                String srcLink = guest(srcConsole, "ip link show eth0");
                String twinLink = guest(twinConsole, "ip link show eth0");
                assertTrue(srcLink.contains("52:54:00:00:00:01"), srcLink);
                assertTrue(twinLink.contains(MacAddress.derive("twin", 0).toString()), twinLink);
                assertTrue(
                        guest(twinConsole, "dd if=/dev/vda bs=4 count=1 2>/dev/null | od -An -tx1")
                                .contains("07 26 45 64"),
                        "the clone reads the source's data through its overlay");
                twin.stop(Duration.ZERO, true);
            }
            src.stop(Duration.ZERO, true);
        }
        assertTrue(Files.isRegularFile(tmp.resolve("twin-root.qcow2")), "the clone's overlay is its disk: it stays");
    }

    @Test
    void runningSourceThatWritesItsDiskIsNotCloned() throws Exception {
        Path base = base();
        Path source = TestGuests.bootSectorProfile(tmp, "busy", base, "tcg");
        try (Vm vm = Vm.start(source, options)) {
            KvmctlProcess clone = KvmctlProcess.run(root, "clone", "busy", "copy");
            assertEquals(2, clone.exitCode(), clone.toString());
            assertTrue(
                    clone.output().contains("VM busy is running and writes to disk disk0 (" + base + ")"),
                    clone.output());
            assertTrue(clone.output().contains("stop it first ('kvmctl down busy')"), clone.output());
            assertFalse(Files.exists(tmp.resolve("copy.yaml")));
            KvmctlProcess badName = KvmctlProcess.run(root, "clone", "busy", "no/slash");
            assertTrue(badName.output().contains("'no/slash' is not a valid VM name"), badName.output());
            KvmctlProcess unknown = KvmctlProcess.run(root, "clone", "ghost", "x");
            assertTrue(
                    unknown.output().contains("'ghost' is neither a running VM nor a profile file"), unknown.output());
            vm.stop(Duration.ZERO, true);
        }
        KvmctlProcess stopped = KvmctlProcess.run(root, "clone", source.toString(), "copy");
        assertEquals(0, stopped.exitCode(), "a stopped source may be cloned: " + stopped);
    }

    private static String guest(SerialConsole console, String command) throws IOException {
        return String.join("\n", GuestShell.run(console, command, GUEST));
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
