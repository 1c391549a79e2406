package io.kvmctl.qmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qapi.FdSetEntry;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qapi.QmpStatus;
import io.kvmctl.qapi.VcpuInfo;
import io.kvmctl.sys.Libc;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestQemu;
import io.kvmctl.unix.UnixSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The QMP client against a real QEMU 7.2 (TCG, {@code -S}). */
class QmpClientIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final QmpOptions OPTIONS =
            QmpOptions.defaults().withConnectTimeout(WAIT).withCommandTimeout(WAIT);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path dir = vms.dir();

    @Test
    void tourOfTypedCommandsOverAPathSocket() throws Exception {
        try (QemuUnderTest qemu = QemuUnderTest.withPathSocket(
                dir,
                OPTIONS,
                "-machine",
                "q35",
                "-device",
                "VGA",
                "-device",
                "virtio-balloon-pci,id=balloon0",
                "-vnc",
                "unix:" + dir.resolve("vnc.sock") + ",password=on")) {
            QmpCommands qmp = new QmpCommands(qemu.client);
            // The QEMU that answers is the one under test (KVMCTL_QEMU): proves the choice reaches the IT.
            assertEquals(
                    TestQemu.version(),
                    qemu.client.greeting().version().major() + "."
                            + qemu.client.greeting().version().minor() + "."
                            + qemu.client.greeting().version().micro());
            assertEquals(qemu.client.greeting().version(), qmp.queryVersion());
            assertEquals(new QmpStatus("prelaunch", false), qmp.queryStatus());
            assertTrue(qmp.queryCommands().containsAll(List.of("query-status", "device_add", "add-fd")));

            qmp.cont();
            assertEquals(new QmpStatus("running", true), qmp.queryStatus());
            qmp.stop();
            assertEquals(new QmpStatus("paused", false), qmp.queryStatus());

            List<VcpuInfo> cpus = qmp.queryCpusFast();
            assertEquals(1, cpus.size());
            assertEquals(0, cpus.get(0).cpuIndex());
            assertEquals("x86_64", cpus.get(0).target());
            assertTrue(qmp.queryBlock().isArray());
            assertTrue(qmp.queryBlockstats().isArray());
            assertTrue(qmp.humanMonitorCommand("info version").startsWith(TestQemu.version()));

            assertEquals(128L << 20, qmp.queryBalloon());
            qmp.balloon(96L << 20); // accepted; the guest driver (none here) would act on it

            Path screen = dir.resolve("screen.png");
            qmp.screendump(screen, true);
            byte[] png = Files.readAllBytes(screen);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));

            assertTrue(qmp.queryVnc().path("enabled").asBoolean());
            qmp.changeVncPassword("s3cret");

            qmp.migrateSetCapabilities(Map.of("events", true));
            qmp.migrateSetParameters(Json.object().put("downtime-limit", 500));
            assertEquals("none", qmp.queryMigrate().status());
            qmp.migrateCancel();

            qmp.systemReset();
            qmp.systemPowerdown();

            QmpException e = assertThrows(
                    QmpException.class,
                    () -> qemu.client.execute("device_del", Json.object().put("id", "nope")));
            assertEquals("DeviceNotFound", e.errorClass());

            qmp.quit();
            assertTrue(qemu.awaitExit(WAIT));
        }
    }

    @Test
    void migratesToAFileAndASecondQemuTakesItIn() throws Exception {
        Path state = dir.resolve("state.bin");
        try (QemuUnderTest source = QemuUnderTest.withPathSocket(dir.resolve(mkdir("src")), OPTIONS)) {
            QmpCommands qmp = new QmpCommands(source.client);
            qmp.migrateSetCapabilities(Map.of("events", true));
            qmp.cont();
            qmp.stop(); // the run state travels with the migration: paused rather than prelaunch
            try (EventSubscription migration = source.client.subscribe("MIGRATION", 64)) {
                qmp.migrate("exec:cat > " + state);
                while (!"completed"
                        .equals(migration.take(WAIT).data().path("status").asString())) {
                    assertFalse("failed".equals(qmp.queryMigrate().status()), "migration failed");
                }
            }
            assertEquals("completed", qmp.queryMigrate().status());
        }
        assertTrue(Files.size(state) > 0);
        try (QemuUnderTest target =
                QemuUnderTest.withPathSocket(dir.resolve(mkdir("dst")), OPTIONS, "-incoming", "defer")) {
            QmpCommands qmp = new QmpCommands(target.client);
            assertEquals("inmigrate", qmp.queryStatus().status());
            qmp.migrateSetCapabilities(Map.of("events", true));
            try (EventSubscription migration = target.client.subscribe("MIGRATION", 64)) {
                qmp.migrateIncoming("exec:cat " + state);
                while (!"completed"
                        .equals(migration.take(WAIT).data().path("status").asString())) {
                    // setup, active, completed
                }
            }
            assertEquals("paused", qmp.queryStatus().status());
        }
    }

    private String mkdir(String name) throws Exception {
        Files.createDirectories(dir.resolve(name));
        return name;
    }

    @Test
    void speaksQmpOverAnInheritedSocketPair() throws Exception {
        try (QemuUnderTest qemu = QemuUnderTest.withSocketPair(dir, OPTIONS)) {
            assertEquals("prelaunch", new QmpCommands(qemu.client).queryStatus().status());
            new QmpCommands(qemu.client).quit();
            assertTrue(qemu.awaitExit(WAIT));
            assertThrows(QmpConnectionClosedException.class, () -> qemu.client.execute("query-status"));
        }
    }

    @Test
    void negotiatesOobWithQemuAndRunsAnOutOfBandCommand() throws Exception {
        try (QemuUnderTest qemu = QemuUnderTest.withSocketPair(dir, OPTIONS.withOob(true))) {
            assertTrue(qemu.client.greeting().offers("oob"));
            assertTrue(qemu.client.oobEnabled());
            // QEMU took exec-oob as out-of-band: it rejects a command not marked allow-oob for exactly that reason,
            QmpException notOob =
                    assertThrows(QmpException.class, () -> qemu.client.executeOob("query-status", null, WAIT));
            assertTrue(notOob.description().contains("does not support OOB"), notOob.description());
            // and runs an allow-oob one (which then refuses, as no postcopy migration runs).
            QmpException pause =
                    assertThrows(QmpException.class, () -> qemu.client.executeOob("migrate-pause", null, WAIT));
            assertFalse(pause.description().contains("OOB"), pause.description());
            assertEquals("prelaunch", new QmpCommands(qemu.client).queryStatus().status());
        }
    }

    /** QEMU as the connecting side ({@code -chardev socket,path=...} without server): we listen and accept. */
    @Test
    void acceptsQemuConnectingToOurServerSocketAndSeesItsCredentials() throws Exception {
        QemuUnderTest.assumeQemu();
        Path path = dir.resolve("listen.sock");
        try (io.kvmctl.unix.UnixServerSocket server = io.kvmctl.unix.UnixServerSocket.listen(path)) {
            List<String> args = QemuUnderTest.baseArgs(
                    "-chardev", "socket,id=qmp,path=" + path, "-mon", "chardev=qmp,mode=control");
            Process p = new ProcessBuilder(args)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("qemu.log").toFile())
                    .start();
            try (UnixSocket accepted = server.accept(WAIT);
                    QmpClient client = QmpClient.over(accepted, OPTIONS)) {
                assertEquals(p.pid(), accepted.peerCredentials().pid());
                assertEquals("prelaunch", new QmpCommands(client).queryStatus().status());
            } finally {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void pendingCommandFailsWithExitReasonWhenQemuDies() throws Exception {
        try (QemuUnderTest qemu = QemuUnderTest.withSocketPair(dir, OPTIONS)) {
            qemu.process.destroyForcibly();
            QmpConnectionClosedException e =
                    assertThrows(QmpConnectionClosedException.class, () -> qemu.client.execute("query-status"));
            assertTrue(e.getMessage().contains("QEMU exited"), e.getMessage());
        }
    }

    /**
     * With native PCIe hot-plug (ACPI hot-plug switched off) the root port's slot stays powered off while no guest
     * runs, and QEMU removes a device from a powered-off slot at once, sending DEVICE_DELETED: the full wait
     * path completes without a guest. With ACPI hot-plug (q35's default) the unplug waits for a guest to eject
     * the device; {@link #unplugThatNeedsAGuestTimesOutNamingTheEvent} covers that.
     */
    @Test
    void hotAddsAndRemovesVirtioNetWaitingForDeviceDeleted() throws Exception {
        try (QemuUnderTest qemu = QemuUnderTest.withPathSocket(
                dir,
                OPTIONS,
                "-machine",
                "q35",
                "-global",
                "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
                "-device",
                "pcie-root-port,id=rp1,bus=pcie.0,chassis=1")) {
            QmpCommands qmp = new QmpCommands(qemu.client);
            qmp.netdevAdd(Json.object().put("type", "user").put("id", "net1"));
            qmp.deviceAdd("virtio-net-pci", "nic1", Map.of("netdev", "net1", "bus", "rp1"));
            assertTrue(peripherals(qemu.client).contains("nic1"));

            QmpEvent deleted = qmp.deviceDel("nic1", WAIT);
            assertEquals("/machine/peripheral/nic1", deleted.data().path("path").asString());
            assertFalse(peripherals(qemu.client).contains("nic1"));
            qmp.netdevDel("net1");
        }
    }

    private static List<String> peripherals(QmpClient client) throws java.io.IOException {
        List<String> names = new ArrayList<>();
        client.execute("qom-list", Json.object().put("path", "/machine/peripheral"))
                .forEach(p -> names.add(p.path("name").asString()));
        return names;
    }

    @Test
    void unplugThatNeedsAGuestTimesOutNamingTheEvent() throws Exception {
        try (QemuUnderTest qemu = QemuUnderTest.withPathSocket(
                dir, OPTIONS, "-machine", "q35", "-device", "pcie-root-port,id=rp1,bus=pcie.0,chassis=1")) {
            QmpCommands qmp = new QmpCommands(qemu.client);
            qmp.netdevAdd(Json.object().put("type", "user").put("id", "net1"));
            qmp.deviceAdd("virtio-net-pci", "nic1", Map.of("netdev", "net1", "bus", "rp1"));
            QmpTimeoutException e =
                    assertThrows(QmpTimeoutException.class, () -> qmp.deviceDel("nic1", Duration.ofSeconds(2)));
            assertEquals("no event DEVICE_DELETED after device_del within 2s", e.getMessage());
        }
    }

    /** add-fd hands QEMU a file it could not open by path; QEMU writes through it and we read what it wrote. */
    @Test
    void addFdPassesAFileThatQemuWritesThrough() throws Exception {
        Path disk = dir.resolve("disk.raw");
        Files.write(disk, new byte[1 << 20]);
        int fd = Libc.open(disk.toString(), Libc.O_RDWR | Libc.O_CLOEXEC);
        try (QemuUnderTest qemu = QemuUnderTest.withSocketPair(dir, OPTIONS)) {
            QmpCommands qmp = new QmpCommands(qemu.client);
            FdSetEntry entry = qmp.addFd(fd, null, "disk.raw");
            Libc.close(fd); // QEMU has its own copy
            fd = -1;
            qmp.blockdevAdd(Json.object()
                    .put("driver", "file")
                    .put("node-name", "disk0")
                    .put("filename", entry.path()));
            qmp.humanMonitorCommand("qemu-io disk0 \"write -P 0x5a 4096 512\""); // reports on QEMU's stdout
            byte[] content = Files.readAllBytes(disk);
            assertEquals(0x5a, content[4096]);
            assertEquals(0x5a, content[4096 + 511]);
            assertEquals(0, content[4096 + 512]);
            qmp.blockdevDel("disk0");
        } finally {
            if (fd >= 0) {
                Libc.close(fd);
            }
        }
    }

    /**
     * getfd hands QEMU one end of a socketpair, which netdev_add uses as a socket backend. QEMU holding it keeps
     * the other end open; netdev_del makes QEMU close it, and then our end sees end of stream.
     */
    @Test
    void getfdPassesASocketThatANetdevUsesAndReleases() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try (QemuUnderTest qemu = QemuUnderTest.withSocketPair(dir, OPTIONS)) {
            QmpCommands qmp = new QmpCommands(qemu.client);
            qmp.getfd("netfd", pair[0].fd());
            pair[0].close();
            qmp.netdevAdd(Json.object().put("type", "socket").put("id", "sock0").put("fd", "netfd"));
            byte[] buf = new byte[16];
            assertThrows(
                    SocketTimeoutException.class,
                    () -> pair[1].read(buf, 0, buf.length, Duration.ofMillis(300)),
                    "QEMU holds the socket open");
            qmp.netdevDel("sock0");
            assertEquals(-1, pair[1].read(buf, 0, buf.length, WAIT));
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void eightThreadsOfAThousandCommandsEachGetTheirOwnReplies() throws Exception {
        try (QemuUnderTest qemu = QemuUnderTest.withSocketPair(dir, OPTIONS);
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<CompletableFuture<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                workers.add(CompletableFuture.supplyAsync(
                        () -> {
                            int matched = 0;
                            for (int i = 0; i < 1000; i++) {
                                // HMP echoes an unknown command's name, so each reply carries the caller's own tag
                                String tag = "tag_" + thread + "_" + i;
                                try {
                                    String out = new QmpCommands(qemu.client).humanMonitorCommand(tag);
                                    if (out.strip().equals("unknown command: '" + tag + "'")) {
                                        matched++;
                                    }
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }
                            return matched;
                        },
                        pool));
            }
            for (CompletableFuture<Integer> w : workers) {
                assertEquals(1000, w.get(120, TimeUnit.SECONDS));
            }
            assertEquals(0, qemu.client.pendingCount());
        }
    }

    @Test
    void validationAgainstTheLiveSchemaSuggestsTheRightName() throws Exception {
        try (QemuUnderTest qemu = QemuUnderTest.withSocketPair(dir, OPTIONS.withValidateCommands(true))) {
            QmpValidationException unknown =
                    assertThrows(QmpValidationException.class, () -> qemu.client.execute("query-staus"));
            assertEquals("unknown QMP command 'query-staus'; did you mean 'query-status'?", unknown.getMessage());
            QmpValidationException badArg = assertThrows(
                    QmpValidationException.class,
                    () -> qemu.client.execute(
                            "human-monitor-command", Json.object().put("comand-line", "info")));
            assertEquals(
                    "QMP command 'human-monitor-command' has no argument 'comand-line'; did you mean "
                            + "'command-line'?",
                    badArg.getMessage());
            JsonNode ok =
                    qemu.client.execute("human-monitor-command", Json.object().put("command-line", "info version"));
            assertTrue(ok.asString().startsWith(TestQemu.version()), ok.asString());
            // netdev_add's arguments are a union: members of every variant count
            qemu.client.execute(
                    "netdev_add",
                    Json.object().put("type", "user").put("id", "n1").put("restrict", true));
            // device_add passes device properties through, so only its name is checked
            qemu.client.execute(
                    "device_add",
                    Json.object()
                            .put("driver", "virtio-net-pci")
                            .put("id", "d1")
                            .put("netdev", "n1")
                            .put("mac", "52:54:00:12:34:56"));
        }
    }
}
