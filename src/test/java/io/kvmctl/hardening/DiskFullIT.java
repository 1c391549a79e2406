package io.kvmctl.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.store.VmDefinitions;
import io.kvmctl.store.VmStore;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmRecordStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under the runtime root and the images (a small tmpfs, filled to the last page): every kvmctl path
 * that writes state fails with an error that names the file and says "no space left on device" and what to do,
 * leaves the previous file byte for byte (or no file at all), and the VM keeps running and answering. Each path
 * is tried {@link #ROUNDS} times; a tally is printed. Once space is freed, the same commands work again.
 */
class DiskFullIT {
    private static final int ROUNDS = 5;
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final String VM = "full";

    /** A source file for convert on a disk with room (the tmpfs is full when it is read). */
    @TempDir
    Path tmp;

    @RegisterExtension
    final IsolatedVms vms = IsolatedVms.onTmpfs("256m");

    private Path mount;
    private RuntimeRoot root;
    private Path images;
    private final Map<String, int[]> tally = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        mount = vms.dir();
        root = vms.root();
        images = Files.createDirectory(mount.resolve("img"));
    }

    @Test
    void everyStateWriterFailsClearlyOnAFullDiskAndLeavesThePreviousStateIntact() throws Exception {
        TestGuests.requireImages();
        ok("image", "create", images.resolve("data.qcow2").toString(), "64M");
        ok("image", "create", images.resolve("old.qcow2").toString(), "1M");
        ok("image", "create", images.resolve("extra.qcow2").toString(), "1M");
        Path convertSource = Files.write(tmp.resolve("source.raw"), pattern(4 << 20));
        Path cloneable = Files.writeString(images.resolve("other.yaml"), profile("other", "other.qcow2"));
        ok("image", "create", images.resolve("other.qcow2").toString(), "1M");
        Path profile = Files.writeString(mount.resolve(VM + ".yaml"), profile(VM, "data.qcow2"));
        ok("up", profile.toString());
        Path dir = root.vm(VM).path();
        try (Vm vm = Vm.attach(root, VM);
                SerialConsole console = SerialConsole.attach(vm)) {
            console.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), BOOT);
        }
        ok("snapshot", "save", VM, "before");
        Path shot = images.resolve("shot.png");
        ok("screenshot", VM, shot.toString());

        ok("define", cloneable.toString(), "--name", "kept");
        Path definition = IsolatedVms.storeBeside(root).resolve("kept/profile.yaml");
        VmDefinitions definitions = new VmDefinitions(
                new VmStore(IsolatedVms.storeBeside(root)), vms.homes(), root, ProfileLoader.forThisHost());

        Map<Path, byte[]> kept = new LinkedHashMap<>();
        for (Path p : List.of(
                definition,
                dir.resolve("state.json"),
                dir.resolve("profile.yaml"),
                profile,
                images.resolve("old.qcow2"),
                shot,
                cloneable)) {
            kept.put(p, Files.readAllBytes(p));
        }
        Path netJson = dir.resolve("net.json");
        byte[] netBefore = Files.exists(netJson) ? Files.readAllBytes(netJson) : null;
        List<String> filesBefore = listing();

        long filled = fill(mount.resolve("filler"));
        long free = Files.getFileStore(mount).getUsableSpace();
        System.out.printf("DiskFullIT: filled %d MiB of the %s tmpfs; %d bytes left%n", filled >> 20, mount, free);
        assertTrue(free < 4096, "the tmpfs is not full: " + free + " bytes free");

        for (int round = 1; round <= ROUNDS; round++) {
            var record = VmRecordStore.read(root.vm(VM)).orElseThrow();
            try {
                VmRecordStore.write(root.vm(VM), record);
                throw new AssertionError("round " + round + ": the record was written on a full disk");
            } catch (IOException e) {
                clear("state.json (VmRecordStore)", e.getMessage(), "state.json");
            }
            // A start writes the record of its log folder first (then net.json, the state): that is the file named.
            clear("up of a second VM", fails("up", cloneable.toString()), "log-root");
            clear("migrate --local", fails("migrate", VM, "--local"), "full.incoming");

            String nic = fails("nic", "add", VM, "--user");
            clear("net.json (nic add)", nic, "net.json");
            assertFalse(peripherals().contains("hnic0"), "round " + round + ": the NIC was plugged unrecorded");
            if (netBefore == null) {
                assertFalse(Files.exists(netJson), "net.json appeared");
            } else {
                assertArrayEquals(netBefore, Files.readAllBytes(netJson), "net.json changed");
            }

            String persist = fails(
                    "device", "add", VM, "disk", images.resolve("extra.qcow2").toString(), "--persist");
            clear("profile (device add --persist)", persist, "profile.yaml");
            assertFalse(peripherals().contains("hd0"), "round " + round + ": the disk was added unrecorded");

            clear(
                    "image create",
                    fails("image", "create", images.resolve("new.qcow2").toString(), "16M"),
                    "new.qcow2");
            clear(
                    "image create --force",
                    fails("image", "create", images.resolve("old.qcow2").toString(), "16M", "--force"),
                    "old.qcow2");
            clear(
                    "image convert",
                    fails(
                            "image",
                            "convert",
                            convertSource.toString(),
                            images.resolve("conv.qcow2").toString()),
                    "conv.qcow2");
            clear(
                    "image convert --force",
                    fails(
                            "image",
                            "convert",
                            convertSource.toString(),
                            images.resolve("old.qcow2").toString(),
                            "--force"),
                    "old.qcow2");
            clear("clone", fails("clone", cloneable.toString(), "twin", "--dir", images.toString()), "twin");
            clear("screenshot", fails("screenshot", VM, shot.toString()), "shot.png");
            clear("define", fails("define", cloneable.toString(), "--name", "d" + round), "d" + round);
            try {
                definitions.replace(
                        "kept",
                        Files.readString(cloneable)
                                .replace("name: other", "name: kept")
                                .replace("memory: 128M", "memory: 256M"));
                throw new AssertionError("round " + round + ": the definition was replaced on a full disk");
            } catch (IOException e) {
                clear("definition (edit)", e.getMessage(), "profile.yaml");
            }
            String snap = fails("snapshot", "save", VM, "s" + round);
            clear("snapshot save", snap, "data.qcow2");
            assertTrue(snap.contains("earlier snapshots are unchanged (before)"), snap);

            for (var e : kept.entrySet()) {
                assertArrayEquals(
                        e.getValue(),
                        Files.readAllBytes(e.getKey()),
                        "round " + round + ": " + e.getKey() + " changed");
            }
            assertEquals(filesBefore, listing(), "round " + round + ": files left behind or lost");
            assertEquals(List.of(VM), root.names(), "round " + round);
            KvmctlProcess status = KvmctlProcess.run(root, "qmp", VM, "query-status");
            assertEquals(0, status.exitCode(), "round " + round + ": the VM no longer answers: " + status);
            assertTrue(status.output().contains("running"), status.output());
        }
        String snapshots = ok("snapshot", "list", VM);
        assertTrue(snapshots.contains("before") && !snapshots.contains("s1"), snapshots);
        printTally();

        // With space again, the very same commands work: nothing was left half-done in the way.
        Files.delete(mount.resolve("filler"));
        ok("snapshot", "save", VM, "after");
        ok("snapshot", "load", VM, "before"); // before the disk below, which has no snapshot 'before'
        ok("nic", "add", VM, "--user");
        ok("device", "add", VM, "disk", images.resolve("extra.qcow2").toString(), "--persist");
        assertTrue(Files.readString(profile).contains("extra.qcow2"), "the disk was recorded");
        ok(
                "image",
                "convert",
                convertSource.toString(),
                images.resolve("conv.qcow2").toString());
        ok("screenshot", VM, shot.toString());
        ok("define", cloneable.toString(), "--name", "d-after");
        definitions.replace(
                "kept",
                Files.readString(cloneable)
                        .replace("name: other", "name: kept")
                        .replace("memory: 128M", "memory: 256M"));
        assertTrue(ok("qmp", VM, "query-status").contains("running"));
        ok("down", VM, "--timeout", "0");
    }

    /** The error names the file, says the disk is full and what to do; counts it in the tally. */
    private void clear(String path, String message, String fileName) {
        int[] t = tally.computeIfAbsent(path, k -> new int[2]);
        t[0]++;
        assertTrue(message.toLowerCase(Locale.ROOT).contains("no space left on device"), path + ": " + message);
        assertTrue(message.contains("free space there ('df -h " + mount), path + " says what to do: " + message);
        assertTrue(message.contains(fileName), path + " names " + fileName + ": " + message);
        t[1]++;
        if (t[0] == 1) {
            System.out.println("DiskFullIT " + path + ": " + message.strip());
        }
    }

    private void printTally() {
        System.out.println("DiskFullIT tally (path: attempts, clear errors with everything intact):");
        tally.forEach((path, t) -> System.out.printf("  %-32s %d  %d%n", path, t[0], t[1]));
    }

    private String ok(String... args) throws Exception {
        KvmctlProcess p = KvmctlProcess.run(root, args);
        assertEquals(0, p.exitCode(), "kvmctl " + String.join(" ", args) + ": " + p);
        return p.output();
    }

    private String fails(String... args) throws Exception {
        KvmctlProcess p = KvmctlProcess.run(root, args);
        assertNotEquals(0, p.exitCode(), "kvmctl " + String.join(" ", args) + " worked on a full disk: " + p);
        return p.output();
    }

    /** Asked on a connection of its own: the control monitor serves one client at a time, the CLI too. */
    private List<String> peripherals() throws IOException {
        List<String> names = new ArrayList<>();
        try (Vm vm = Vm.attach(root, VM)) {
            vm.qmp()
                    .execute("qom-list", io.kvmctl.qmp.Json.object().put("path", "/machine/peripheral"))
                    .forEach(n -> names.add(n.path("name").asString()));
        }
        return names;
    }

    /** Every file on the mount but the filler, QEMU's growing logs and the (empty, lasting) lock files, sorted. */
    private List<String> listing() throws IOException {
        try (Stream<Path> walk = Files.walk(mount)) {
            return walk.map(p -> mount.relativize(p).toString())
                    .filter(p -> !p.endsWith(".log"))
                    .filter(p -> !p.endsWith(".lock"))
                    .filter(p -> !p.equals("filler"))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        }
    }

    private String profile(String name, String disk) {
        return """
                name: %s
                accel: tcg
                memory: 128M
                boot:
                  kernel: %s
                  initrd: %s
                  append: console=ttyS0 quiet kvmctl.dhcp=0
                display: vnc
                disks:
                  - {id: data, file: %s, format: qcow2}
                nics:
                  - {id: net0, user: {}}
                """.formatted(name, TestGuests.KERNEL, TestGuests.INITRD, images.resolve(disk));
    }

    /** Writes until the file system refuses even a page; returns the bytes written. */
    private static long fill(Path file) throws IOException {
        long written = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int chunk : new int[] {1 << 20, 4096, 1}) {
                ByteBuffer b = ByteBuffer.wrap(pattern(chunk));
                while (true) {
                    try {
                        b.rewind();
                        written += out.write(b);
                    } catch (IOException full) {
                        break;
                    }
                }
            }
        }
        return written;
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }
}
