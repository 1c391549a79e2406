package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvmctl.profile.Accel;
import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.NicSpec;
import io.kvmctl.profile.Profile;
import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpOptions;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestQemu;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Real QEMU (the one {@link TestQemu} names) accepts what {@link QemuCommandLine} builds: every shipped profile, and hostile file names. */
class QemuAcceptsProfilesIT {
    private static final Path QEMU = TestQemu.binary();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final QmpOptions OPTIONS =
            QmpOptions.defaults().withConnectTimeout(TIMEOUT).withCommandTimeout(TIMEOUT);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();

    @TestFactory
    Stream<DynamicTest> everyShippedProfileIsAcceptedByQemu() throws IOException {
        TestQemu.require();
        Path profiles = tmp.resolve("qemu-profiles");
        Files.createDirectories(profiles);
        List<Path> shipped;
        try (Stream<Path> s = Files.list(Path.of("qemu-profiles"))) {
            shipped = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(shipped.size() >= 6, "shipped profiles: " + shipped);
        for (Path p : shipped) {
            Files.copy(p, profiles.resolve(p.getFileName()));
        }
        createStandInImages(tmp.resolve("test-images/out"));
        return shipped.stream()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                    Profile profile = ProfileLoader.forThisHost()
                            .load(profiles.resolve(p.getFileName()))
                            .profile();
                    if (profile.accel() == Accel.KVM) {
                        assumeTrue(Files.isReadable(Path.of("/dev/kvm")), "no usable /dev/kvm for accel: kvm");
                    }
                    List<String> taps = new ArrayList<>();
                    for (NicSpec n : profile.nics()) {
                        if (n.backend() instanceof NetBackend.Tap(var ifname)) {
                            assumeTrue(Files.isWritable(Path.of("/dev/net/tun")), "QEMU needs /dev/net/tun for a tap");
                            ifname.ifPresent(taps::add);
                        }
                    }
                    JsonNode status = startPausedAndQuit(profile);
                    String expected = profile.incoming().isPresent() ? "inmigrate" : "prelaunch";
                    assertEquals(expected, status.get("status").asString(), "run state of " + profile.name());
                    for (String tap : taps) {
                        assertFalse(
                                Files.exists(Path.of("/sys/class/net", tap)), "QEMU left its tap " + tap + " behind");
                    }
                }));
    }

    @Test
    void diskPathWithCommaSpaceEqualsAndQuotesOpensThatExactFile() throws Exception {
        TestQemu.require();
        Path dir = Files.createDirectories(tmp.resolve("we,ird dir=x"));
        Path plain = dir.resolve("a=b, \"q\" 'x',file=y.img");
        Path readOnly = dir.resolve("r,o=1 'ro'.img");
        Files.write(readOnly, new byte[1 << 20]);
        Path snap = dir.resolve("s,nap shot=\"1\".qcow2");
        Files.write(plain, new byte[1 << 20]);
        qemuImg("create", "-q", "-f", "qcow2", snap.toString(), "1M");
        Path yaml = tmp.resolve("weird.yaml");
        Files.writeString(
                yaml,
                "accel: tcg\nmemory: 32M\ndisks:\n  - file: " + yamlQuote(plain) + "\n    format: raw\n"
                        + "  - file: " + yamlQuote(snap) + "\n    snapshot: true\n  - file: " + yamlQuote(readOnly)
                        + "\n    bus: virtio-scsi\n    readonly: true\n");
        Profile profile = ProfileLoader.forThisHost().load(yaml).profile();
        List<String> files = new ArrayList<>();
        startPaused(profile, qmp -> collectFilenames(qmp.execute("query-block"), files));
        assertTrue(files.contains(plain.toString()), "query-block filenames: " + files);
        assertTrue(files.contains(snap.toString()), "query-block filenames: " + files);
        assertTrue(files.contains(readOnly.toString()), "query-block filenames: " + files);
        assertFalse(files.contains("/etc/passwd") || files.stream().anyMatch(f -> f.equals("y.img")), files::toString);
    }

    @Test
    void fullQ35LayoutPutsEachProfileCardBehindItsOwnRootPort() throws Exception {
        TestQemu.require();
        for (String name : List.of("a.img", "b.img", "c.img", "d.img", "e.img")) {
            Files.write(tmp.resolve(name), new byte[1 << 20]);
        }
        for (String name : List.of("1.iso", "2.iso", "3.iso", "4.iso")) {
            Files.write(tmp.resolve(name), new byte[2048 * 16]);
        }
        // Six drives on the ICH9 AHCI (four cdroms, two ide disks), 32 hot-plug slots plus the profile's ports.
        Path yaml = Files.writeString(tmp.resolve("full.yaml"), """
                accel: tcg
                memory: 32M
                hotplug_slots: 32
                boot: [cd3, disk1, net1]
                disks:
                  - {file: a.img, format: raw}
                  - {file: b.img, format: raw}
                  - {file: c.img, format: raw, bus: virtio-scsi}
                  - {file: d.img, format: raw, bus: ide}
                  - {file: e.img, format: raw, bus: ide}
                cdroms: [{file: 1.iso}, {file: 2.iso}, {file: 3.iso}, {file: 4.iso}]
                nics: [{user: {}}, {model: e1000, user: {}}]
                """);
        Profile profile = ProfileLoader.forThisHost().load(yaml).profile();
        // Before the firmware numbers the buses query-pci shows no device behind a port: ask each device's bus.
        java.util.Map<String, String> portOf = new java.util.HashMap<>();
        startPaused(profile, qmp -> {
            for (String id : List.of("disk0", "disk1", "kvmctl-scsi0", "net0", "net1")) {
                String bus = qmp.execute(
                                "qom-get",
                                io.kvmctl.qmp.Json.object()
                                        .put("path", "/machine/peripheral/" + id)
                                        .put("property", "parent_bus"),
                                TIMEOUT)
                        .asString("");
                portOf.put(id, bus.replaceFirst("^/machine/peripheral/([^/]+)/.*$", "$1"));
            }
        });
        assertEquals("kvmctl-rp-disk0", portOf.get("disk0"), portOf.toString());
        assertEquals("kvmctl-rp-disk1", portOf.get("disk1"), portOf.toString());
        assertEquals("kvmctl-rp-scsi0", portOf.get("kvmctl-scsi0"), portOf.toString());
        assertEquals("kvmctl-rp-net0", portOf.get("net0"), portOf.toString());
        assertEquals("kvmctl-rp-net1", portOf.get("net1"), portOf.toString());
    }

    @Test
    void pcTakesFourIdeDrivesAndItsCardsOnTheRootBus() throws Exception {
        TestQemu.require();
        Files.write(tmp.resolve("a.img"), new byte[1 << 20]);
        Files.write(tmp.resolve("b.img"), new byte[1 << 20]);
        Files.write(tmp.resolve("x.iso"), new byte[2048 * 16]);
        Path yaml = Files.writeString(tmp.resolve("pc.yaml"), """
                accel: tcg
                machine: pc
                memory: 32M
                boot: [cd1, disk1]
                disks: [{file: a.img, format: raw, bus: ide}, {file: b.img, format: raw}]
                cdroms: [{file: x.iso}, {file: x.iso}, {file: x.iso}]
                nics: [{user: {}}]
                """);
        Profile profile = ProfileLoader.forThisHost().load(yaml).profile();
        List<String> onRootBus = new ArrayList<>();
        startPaused(profile, qmp -> {
            for (JsonNode d : qmp.execute("query-pci", null, TIMEOUT).get(0).path("devices")) {
                onRootBus.add(d.path("qdev_id").asString(""));
            }
        });
        assertTrue(onRootBus.containsAll(List.of("disk1", "net0")), onRootBus.toString());
    }

    private JsonNode startPausedAndQuit(Profile profile) throws Exception {
        JsonNode[] status = new JsonNode[1];
        startPaused(profile, qmp -> status[0] = qmp.execute("query-status"));
        return status[0];
    }

    private interface QmpAction {
        void run(QmpClient qmp) throws IOException;
    }

    /** Starts QEMU with {@code -S}, runs {@code action} over QMP, quits, and checks QEMU exited cleanly. */
    private void startPaused(Profile profile, QmpAction action) throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run-" + profile.name()));
        LaunchContext ctx = new LaunchContext(
                QEMU,
                run,
                run.resolve("qmp.sock"),
                run.resolve("serial.sock"),
                run.resolve("serial.log"),
                java.util.Map.of(),
                Optional.empty(),
                true);
        List<String> argv = QemuCommandLine.build(profile, ctx);
        Path stderr = run.resolve("qemu.stderr");
        Process qemu = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(stderr.toFile())
                .start();
        try {
            try (QmpClient qmp = TestQemu.connectQmp(ctx.qmpSocket(), qemu, OPTIONS, TIMEOUT)) {
                assertTrue(qmp.greeting().version().major() > 0, qmp.greeting().toString());
                action.run(qmp);
                qmp.execute("quit");
            }
            assertTrue(qemu.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "QEMU did not exit after quit");
            assertEquals(0, qemu.exitValue(), () -> "QEMU failed; argv " + argv + "\n" + read(stderr));
        } catch (IOException | AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "\nargv: " + QemuCommandLine.shellQuoted(argv) + "\nQEMU says: " + read(stderr),
                    e);
        } finally {
            if (qemu.isAlive()) {
                qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void collectFilenames(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                if ((e.getKey().equals("filename") || e.getKey().equals("file"))
                        && e.getValue().isString()) {
                    out.add(e.getValue().asString());
                }
                collectFilenames(e.getValue(), out);
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectFilenames(n, out));
        }
    }

    private static String yamlQuote(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "(no output)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void qemuImg(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/qemu-img"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "qemu-img hung");
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "qemu-img " + List.of(args) + ": " + output);
    }

    /**
     * Small stand-ins for test-images/out, so this test needs neither the network nor the image build: QEMU with
     * {@code -S} only opens and loads them. The kernel is a minimal bzImage header (enough for QEMU's loader).
     */
    private static void createStandInImages(Path out) throws IOException {
        Path boot = Files.createDirectories(out.resolve("boot"));
        byte[] sector = new byte[512];
        sector[0] = (byte) 0xf4; // hlt
        sector[510] = 0x55;
        sector[511] = (byte) 0xaa;
        Files.write(boot.resolve("hello.img"), sector);
        Path linux = Files.createDirectories(out.resolve("linux"));
        ByteBuffer kernel = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        kernel.put(0x1f1, (byte) 4); // setup_sects
        kernel.putShort(0x1fe, (short) 0xaa55); // boot_flag
        kernel.put(0x202, "HdrS".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        kernel.putShort(0x206, (short) 0x020c); // boot protocol 2.12
        kernel.put(0x211, (byte) 1); // loadflags: LOADED_HIGH
        kernel.putInt(0x22c, 0x37ffffff); // initrd_addr_max
        kernel.putInt(0x238, 2048); // cmdline_size
        Files.write(linux.resolve("vmlinuz"), kernel.array());
        Files.write(linux.resolve("initramfs.cpio.gz"), new byte[4096]);
        Path disks = Files.createDirectories(out.resolve("disks"));
        try {
            qemuImg(
                    "create",
                    "-q",
                    "-f",
                    "qcow2",
                    disks.resolve("scratch.qcow2").toString(),
                    "64M");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
