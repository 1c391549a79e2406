package io.kvmctl.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.image.ImageFormat;
import io.kvmctl.image.Images;
import io.kvmctl.profile.Size;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Statistics of the Linux test guest while it does disk and network I/O, and {@code top} in a real terminal. */
class StatsAndTopIT {
    private static final Duration GUEST = Duration.ofSeconds(90);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();
    String tap;

    @BeforeEach
    void setUp() throws Exception {
        tap = "kvst" + ProcessHandle.current().pid() % 100000;
        run("ip", "tuntap", "add", "dev", tap, "mode", "tap");
        run("ip", "link", "set", tap, "up");
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            vms.killVms(); // before their tap goes
        } finally {
            run("ip", "link", "del", tap);
        }
    }

    @Test
    void statsChangeWhenTheGuestDoesIoAndTopRendersInATerminal() throws Exception {
        Path data = tmp.resolve("data.qcow2");
        Images.fromEnvironment()
                .create(data, Optional.of(Size.parse("16M")), ImageFormat.QCOW2, Optional.empty(), false);
        Path profile = TestGuests.linuxProfile(
                tmp,
                "busy",
                "balloon: true\ndisks:\n  - {id: data, file: " + data + "}\nnics:\n  - {id: lan, tap: {ifname: " + tap
                        + "}}\n");
        try (Vm vm = Vm.start(profile, StartOptions.defaults().withRoot(root));
                SerialConsole console = vm.console()) {
            console.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), GUEST);
            JsonNode before = stats();
            assertEquals("running", before.path("state").asString(), before.toString());
            assertEquals(256L << 20, before.path("balloonBytes").asLong());
            assertTrue(before.path("rssBytes").asLong() > 0, before.toString());
            GuestShell.run(console, "dd if=/dev/zero of=/dev/vda bs=64k count=64 conv=fsync", GUEST);
            // No answer needed: the ARP requests leave through the tap all the same.
            GuestShell.run(console, "ip addr add 10.99.99.2/24 dev eth0; ping -c 3 -W 1 10.99.99.1", GUEST);
            JsonNode after = stats();
            long written = disk(after, "data").path("writtenBytes").asLong()
                    - disk(before, "data").path("writtenBytes").asLong();
            assertTrue(written >= 4L << 20, "4 MiB written by dd, stats say " + written);
            assertTrue(
                    after.path("cpuSeconds").asDouble()
                            > before.path("cpuSeconds").asDouble(),
                    after.toString());
            JsonNode nic = after.path("nics").get(0);
            assertEquals(tap, nic.path("hostInterface").asString(), nic.toString());
            assertTrue(
                    nic.path("txBytes").asLong()
                            > before.path("nics").get(0).path("txBytes").asLong(),
                    "the guest's packets went out: " + nic);
            assertTrue(after.path("uptime").asString().startsWith("PT"), after.toString());

            KvmctlProcess human = KvmctlProcess.run(root, "stats", "busy");
            assertTrue(human.output().contains("disk data:     read "), human.output());
            assertTrue(human.output().contains("(tap " + tap + ")"), human.output());

            List<String> screen = topInTmux();
            assertTrue(
                    screen.stream().anyMatch(l -> l.startsWith("kvmctl top - ") && l.contains("1 VM")),
                    String.join("\n", screen));
            assertTrue(screen.stream().anyMatch(l -> l.startsWith("NAME ") && l.contains("CPU%")), screen.toString());
            assertTrue(screen.stream().anyMatch(l -> l.matches("busy +running +[0-9.]+ .*")), screen.toString());

            KvmctlProcess once = KvmctlProcess.run(root, "top", "--once", "--width", "200");
            assertEquals(0, once.exitCode(), once.toString());
            assertTrue(once.output().contains("busy             running"), once.output());
            KvmctlProcess bad = KvmctlProcess.run(root, "top", "--interval", "0");
            assertEquals(2, bad.exitCode(), bad.toString());
            assertTrue(
                    bad.output().startsWith("kvmctl: --interval 0: give a duration above 0, e.g. --interval 2\n"),
                    bad.output());
            vm.stop(Duration.ZERO, true);
        }
    }

    private JsonNode stats() throws Exception {
        KvmctlProcess r = KvmctlProcess.run(root, "stats", "busy", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        return JsonMapper.builder().build().readTree(r.output());
    }

    private static JsonNode disk(JsonNode stats, String id) {
        for (JsonNode d : stats.path("disks")) {
            if (id.equals(d.path("id").asString())) {
                return d;
            }
        }
        throw new AssertionError("no disk " + id + " in " + stats);
    }

    /** Runs {@code kvmctl top} in a private tmux server and captures its screen once two frames were drawn. */
    private List<String> topInTmux() throws Exception {
        // A private server on a socket in the test's folder: nothing of it outlives the test.
        String server = tmp.resolve("tmux.sock").toString();
        StringBuilder kvmctlTop = new StringBuilder();
        for (String arg : KvmctlProcess.command("top", "--interval", "1", "--width", "150")) {
            kvmctlTop.append(" '").append(arg).append('\'');
        }
        Path script = Files.writeString(
                tmp.resolve("top.sh"),
                "#!/bin/sh\nexec env KVMCTL_RUNTIME_DIR='" + root.path() + "'" + kvmctlTop + "\n");
        script.toFile().setExecutable(true);
        try {
            run("tmux", "-S", server, "new-session", "-d", "-x", "160", "-y", "20", script.toString());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<String> screen = List.of();
            while (System.nanoTime() < deadline) {
                Thread.sleep(500);
                screen = run("tmux", "-S", server, "capture-pane", "-p").lines().toList();
                if (screen.stream().anyMatch(l -> l.startsWith("busy "))) {
                    // the frame is complete once its VM row is there; a refresh clears and redraws
                    return screen;
                }
            }
            return screen;
        } finally {
            new ProcessBuilder("tmux", "-S", server, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
