package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outside QMP client (a raw connection from this test's JVM, which reads QEMU's greeting and then holds the
 * monitor, as python's qemu.qmp or socat would) holds each of a VM's monitors in turn while kvmctl commands run as
 * separate processes: each works through another monitor, or fails at once naming the holder's pid; {@code down}
 * still presses the ACPI button. Times are compared with the same command on free monitors, since a kvmctl JVM
 * alone takes seconds to start on a loaded 2-core host; a busy monitor used to cost 10 to 30 s more.
 */
@SuppressWarnings("try") // a holder only has to exist while the commands run
class BusyMonitorsIT {
    /** The patience for a greeting (1 s), the socket table and /proc read, and a loaded host's noise. */
    private static final long EXTRA_MILLIS = 4000;

    private static final String OUR_PID = "pid " + ProcessHandle.current().pid() + " (";

    @TempDir
    Path tmp;

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    /** Connects like an outside QMP tool and keeps the connection; QEMU serves nobody else on it meanwhile. */
    private static UnixSocket hold(Path monitor) throws IOException {
        UnixSocket client = UnixSocket.connect(monitor, Duration.ofSeconds(10));
        byte[] buf = new byte[4096];
        int n = client.read(buf, 0, buf.length, Duration.ofSeconds(30));
        assertTrue(new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8).contains("\"QMP\""), "no greeting");
        return client;
    }

    private record Timed(KvmctlProcess result, long millis) {}

    private Timed kvmctl(String... args) throws Exception {
        long start = System.nanoTime();
        KvmctlProcess result = KvmctlProcess.run(vms.root(), args);
        return new Timed(result, (System.nanoTime() - start) / 1_000_000);
    }

    private Timed kvmctlWithInput(String input, String... args) throws Exception {
        long start = System.nanoTime();
        Process p = KvmctlProcess.start(vms.root(), args);
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "kvmctl " + String.join(" ", args) + " hung: " + out);
        return new Timed(new KvmctlProcess(p.exitValue(), out), (System.nanoTime() - start) / 1_000_000);
    }

    private Vm upAndReady(String name, String extraYaml) throws Exception {
        Path profile = TestGuests.linuxProfile(tmp, name, extraYaml);
        KvmctlProcess up = KvmctlProcess.run(vms.root(), "up", profile.toString()); // detached: qmp.sock is free
        assertEquals(0, up.exitCode(), up.output());
        Vm vm = Vm.attach(vms.root(), name);
        try (SerialConsole console = vm.console()) {
            console.awaitLine(Pattern.compile(TestGuests.READY), Duration.ofSeconds(120));
        }
        return vm;
    }

    @Test
    void everyCommandWorksThroughAnotherMonitorWhileAnyOneIsHeldAndDownStillPressesThePowerButton() throws Exception {
        try (Vm vm = upAndReady("held", "")) {
            VmDirectory dir = vm.directory();
            long baseline = kvmctl("status", "held").millis();
            for (Path monitor : List.of(dir.controlSocket(), dir.userMonitorSocket(), dir.qmpSocket())) {
                String which = monitor.getFileName().toString();
                try (UnixSocket holder = hold(monitor)) {
                    Timed status = kvmctl("status", "held");
                    assertEquals(0, status.result().exitCode(), which + ": " + status.result());
                    assertTrue(status.result().output().contains("running"), which + ": " + status.result());
                    assertTrue(
                            status.millis() < baseline + EXTRA_MILLIS,
                            which + ": status took " + status.millis() + " ms, free monitors " + baseline + " ms");

                    Timed qmp = kvmctl("qmp", "held", "query-status");
                    assertEquals(0, qmp.result().exitCode(), which + ": " + qmp.result());
                    assertTrue(qmp.result().output().contains("running"), which + ": " + qmp.result());
                    assertTrue(qmp.millis() < baseline + EXTRA_MILLIS, which + ": qmp took " + qmp.millis());

                    Timed shell = kvmctlWithInput("query-status\n", "qmp-shell", "held");
                    assertEquals(0, shell.result().exitCode(), which + ": " + shell.result());
                    assertTrue(shell.result().output().contains("running"), which + ": " + shell.result());

                    Timed events = kvmctl("events", "held", "--timeout", "1s");
                    assertTrue(events.result().output().contains("no event within"), which + ": " + events.result());

                    Timed pause = kvmctl("pause", "held");
                    assertEquals(0, pause.result().exitCode(), which + ": " + pause.result());
                    Timed resume = kvmctl("resume", "held");
                    assertEquals(0, resume.result().exitCode(), which + ": " + resume.result());
                    assertTrue(holder.isOpen());
                }
            }
            try (UnixSocket holder = hold(dir.controlSocket())) {
                Timed down = kvmctl("down", "held");
                assertEquals(0, down.result().exitCode(), down.result().toString());
                assertTrue(
                        down.result().output().contains(StopStep.POWERDOWN.description()),
                        "down did not end the guest with the ACPI button: " + down.result());
            }
            assertTrue(vms.root().names().isEmpty(), "runtime directory left behind");
        }
    }

    @Test
    void whenEveryMonitorIsHeldCommandsFailAtOnceNamingTheHolder() throws Exception {
        try (Vm vm = upAndReady("allheld", "")) {
            VmDirectory dir = vm.directory();
            long baseline = kvmctl("status", "allheld").millis();
            try (UnixSocket control = hold(dir.controlSocket());
                    UnixSocket monitor = hold(dir.userMonitorSocket());
                    UnixSocket starter = hold(dir.qmpSocket())) {
                Timed status = kvmctl("status", "allheld");
                assertTrue(
                        status.result().output().contains(OUR_PID),
                        status.result().toString());
                assertTrue(status.millis() < baseline + 2 * EXTRA_MILLIS, "status took " + status.millis());

                Timed qmp = kvmctl("qmp", "allheld", "query-status");
                assertTrue(qmp.result().exitCode() != 0, qmp.result().toString());
                assertTrue(qmp.result().output().contains(OUR_PID), qmp.result().toString());
                assertTrue(
                        qmp.result().output().contains("qmp_sockets"),
                        qmp.result().toString());
                assertTrue(qmp.millis() < baseline + 2 * EXTRA_MILLIS, "qmp took " + qmp.millis());

                Timed shell = kvmctlWithInput("query-status\n", "qmp-shell", "allheld");
                assertTrue(shell.result().exitCode() != 0, shell.result().toString());
                assertTrue(
                        shell.result().output().contains(OUR_PID),
                        shell.result().toString());
                assertTrue(control.isOpen() && monitor.isOpen() && starter.isOpen());
            }
            vm.stop(Duration.ZERO, true);
        }
    }

    @Test
    void outsideToolsGetTheirOwnOwnerOnlyMonitorsThatKvmctlNeverUses() throws Exception {
        try (Vm vm = upAndReady("tools", "qmp_sockets: [tools, agent]")) {
            Path tools = vm.directory().outsideMonitor("tools");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tools)));
            assertTrue(Files.exists(vm.directory().outsideMonitor("agent")));
            Timed status = kvmctl("status", "tools");
            assertTrue(
                    status.result().output().contains("qmp socket:  " + tools),
                    status.result().toString());
            try (UnixSocket holder = hold(tools)) {
                byte[] caps = "{\"execute\": \"qmp_capabilities\"}\n{\"execute\": \"query-status\"}\n"
                        .getBytes(StandardCharsets.UTF_8);
                holder.write(caps, 0, caps.length, Duration.ofSeconds(10));
                StringBuilder got = new StringBuilder();
                byte[] buf = new byte[4096];
                while (!got.toString().contains("\"status\"")) {
                    int n = holder.read(buf, 0, buf.length, Duration.ofSeconds(30));
                    assertTrue(n > 0, "QEMU closed the outside monitor: " + got);
                    got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
                assertTrue(got.toString().contains("\"running\""), got.toString());
                Timed qmp = kvmctl("qmp", "tools", "query-status");
                assertEquals(0, qmp.result().exitCode(), qmp.result().toString());
                Timed down = kvmctl("down", "tools");
                assertTrue(
                        down.result().output().contains(StopStep.POWERDOWN.description()),
                        down.result().toString());
            }
        }
    }
}
