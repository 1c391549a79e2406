package io.kvmctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.GuestShell;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
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

/**
 * What the guest wrote to an {@code overlay: true} disk survives {@code kvmctl migrate --local}: the destination
 * writes on in the source's overlay (a fresh overlay on the base would silently drop every write), and the base
 * image stays untouched. The guest reads its marker back with its page cache dropped, so the read reaches the disk.
 */
class OverlayMigrationIT {
    private static final Duration GUEST = Duration.ofSeconds(120);
    private static final String FIRST = "kvmctl-before-migration-1";
    private static final String SECOND = "kvmctl-before-migration-2";

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();

    @Test
    void guestWritesToAnOverlayDiskSurviveLocalMigration() throws Exception {
        RuntimeRoot root = vms.root();
        Path base = base();
        String baseSum = sha256(base);
        Path profile = TestGuests.linuxProfile(
                tmp, "ovm", "disks:\n  - {id: root, file: " + base + ", format: raw, overlay: true}\n");
        KvmctlProcess up = KvmctlProcess.run(root, "up", profile.toString());
        assertEquals(0, up.exitCode(), up.toString());
        Vm source = Vm.attach(root, "ovm");
        int sourcePid = source.record().qemuPid();
        try (SerialConsole console = source.console()) {
            console.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), GUEST);
            write(console, FIRST, 8);
            assertEquals(FIRST, read(console, 8), "the guest reads its own write before the migration");
        }
        source.close();

        migrate(root, "ovm");
        Vm dest = Vm.attach(root, "ovm");
        assertNotEquals(sourcePid, dest.record().qemuPid(), "a new QEMU runs the guest");
        dest.close();
        try (SerialConsole console = dest.console()) {
            assertEquals(FIRST, read(console, 8), "the write made before the migration is on the destination's disk");
            write(console, SECOND, 16);
        }

        // Again: the overlay handed over once is handed over the next time too.
        migrate(root, "ovm");
        Vm again = Vm.attach(root, "ovm");
        again.close();
        try (SerialConsole console = again.console()) {
            assertEquals(FIRST, read(console, 8), "after two migrations");
            assertEquals(SECOND, read(console, 16), "the write made between the migrations");
        }
        Path overlay = again.directory().path().resolve("overlay-root.qcow2");
        String overlayText = new String(Files.readAllBytes(overlay), StandardCharsets.ISO_8859_1);
        assertTrue(overlayText.contains(FIRST) && overlayText.contains(SECOND), "both writes are in " + overlay);
        assertEquals(baseSum, sha256(base), "the base image was written");

        // To another host the overlay would not go along: refused before anything is sent, the guest runs on.
        KvmctlProcess remote = KvmctlProcess.run(root, "migrate", "ovm", "--to", "tcp:127.0.0.1:9");
        assertEquals(2, remote.exitCode(), remote.toString());
        assertTrue(
                remote.output().contains("VM ovm writes to overlay disks in its runtime directory (" + overlay + ")")
                        && remote.output().contains("use 'kvmctl migrate ovm --local'"),
                remote.output());
        assertTrue(
                KvmctlProcess.run(root, "qmp", "ovm", "query-status").output().contains("running"));

        KvmctlProcess down = KvmctlProcess.run(root, "down", "ovm", "--timeout", "0");
        assertEquals(0, down.exitCode(), down.toString());
        assertFalse(Files.exists(overlay), "the overlay goes with the runtime directory");
        assertEquals(baseSum, sha256(base), "the base image was written");
    }

    private static void migrate(RuntimeRoot root, String name) throws Exception {
        KvmctlProcess migrate = KvmctlProcess.run(root, "migrate", name, "--local");
        assertEquals(0, migrate.exitCode(), migrate.toString());
        assertEquals(List.of(name), root.names(), "one VM after the migration");
    }

    private static void write(SerialConsole console, String marker, int sector) throws IOException {
        GuestShell.run(
                console, "echo " + marker + " | dd of=/dev/vda bs=512 seek=" + sector + " conv=fsync && sync", GUEST);
    }

    /** The marker-sized text at {@code sector} of the guest's disk, read past the guest's page cache. */
    private static String read(SerialConsole console, int sector) throws IOException {
        List<String> lines = GuestShell.run(
                console,
                // One printf writes the whole line at once, so the guest's heartbeat cannot land inside it.
                "echo 3 > /proc/sys/vm/drop_caches; printf '%s\\n' \"$(dd if=/dev/vda bs=512 skip=" + sector
                        + " count=1 2>/dev/null | head -c " + FIRST.length() + ")\"",
                GUEST);
        return lines.stream()
                .filter(l -> l.startsWith("kvmctl-before-"))
                .findFirst()
                .orElse("(not found in " + lines + ")");
    }

    private Path base() throws IOException {
        byte[] bytes = new byte[4 << 20];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return Files.write(tmp.resolve("base.raw"), bytes);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
