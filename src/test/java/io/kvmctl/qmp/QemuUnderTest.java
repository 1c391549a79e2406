package io.kvmctl.qmp;

import io.kvmctl.sys.Processes;
import io.kvmctl.testing.TestQemu;
import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real QEMU (TCG, {@code -S}, no display) with a QMP client on it, for integration tests. Two ways in: a
 * server socket at a path ({@code -qmp unix:PATH,server=on,wait=off}) or one end of a socketpair inherited as
 * descriptor 3 ({@code -chardev socket,id=qmp,fd=3}) through {@link Processes#spawn}. {@link #close()} kills QEMU.
 */
final class QemuUnderTest implements AutoCloseable {
    /** The QEMU under test ({@link TestQemu}: {@code $KVMCTL_QEMU} or the system's). */
    static final String QEMU = TestQemu.binary().toString();

    static final Duration START = Duration.ofSeconds(30);

    final ProcessHandle process;
    final QmpClient client;
    final Path stderr;
    private final boolean spawned;

    private QemuUnderTest(ProcessHandle process, QmpClient client, Path stderr, boolean spawned) {
        this.process = process;
        this.client = client;
        this.stderr = stderr;
        this.spawned = spawned;
    }

    static void assumeQemu() {
        TestQemu.require();
    }

    static List<String> baseArgs(String... extra) {
        List<String> args =
                new ArrayList<>(List.of(QEMU, "-accel", "tcg", "-S", "-display", "none", "-nodefaults", "-m", "128"));
        args.addAll(List.of(extra));
        return args;
    }

    /** QEMU listening on {@code dir/qmp.sock}; we connect once the socket accepts (or QEMU exits). */
    static QemuUnderTest withPathSocket(Path dir, QmpOptions options, String... extra) throws Exception {
        assumeQemu();
        Path socket = dir.resolve("qmp.sock");
        Path stderr = dir.resolve("qemu.stderr");
        List<String> args = baseArgs(extra);
        args.addAll(List.of("-qmp", "unix:" + socket + ",server=on,wait=off"));
        Process p = new ProcessBuilder(args)
                .redirectErrorStream(true)
                .redirectOutput(stderr.toFile())
                .start();
        long deadline = System.nanoTime() + START.toNanos();
        try {
            while (true) {
                try {
                    QmpClient client = QmpClient.connect(socket, options);
                    client.setCloseReason(() -> exitReason(p.toHandle(), stderr));
                    return new QemuUnderTest(p.toHandle(), client, stderr, false);
                } catch (IOException e) {
                    if (!p.isAlive()) {
                        throw new IOException(
                                "QEMU exited with status " + p.exitValue() + ": " + Files.readString(stderr), e);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IOException("QEMU's QMP socket did not accept within " + START, e);
                    }
                    // QEMU creates the socket during startup; wait for either it or QEMU's exit.
                    p.waitFor(20, TimeUnit.MILLISECONDS);
                }
            }
        } catch (Exception e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** QEMU with one end of a socketpair as its monitor: no path, nothing to wait for but the greeting. */
    static QemuUnderTest withSocketPair(Path dir, QmpOptions options, String... extra) throws Exception {
        assumeQemu();
        Path stderr = dir.resolve("qemu.stderr");
        UnixSocket[] pair = UnixSocket.pair();
        List<String> args = baseArgs(extra);
        args.addAll(List.of("-chardev", "socket,id=qmp,fd=3", "-mon", "chardev=qmp,mode=control"));
        int pid;
        try {
            pid = Processes.spawn(new Processes.SpawnRequest(
                    args, System.getenv(), Map.of(3, pair[1].fd()), stderr.toString(), true));
        } finally {
            pair[1].close(); // QEMU has its own copy now
        }
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        try {
            QmpClient client = QmpClient.over(pair[0], options);
            client.setCloseReason(() -> exitReason(handle, stderr));
            return new QemuUnderTest(handle, client, stderr, true);
        } catch (Exception e) {
            handle.destroyForcibly();
            handle.onExit().get(10, TimeUnit.SECONDS);
            Processes.waitFor(pid, false);
            pair[0].close();
            throw e;
        }
    }

    private static String exitReason(ProcessHandle p, Path stderr) {
        try {
            p.onExit().get(2, TimeUnit.SECONDS);
            return "QEMU exited; stderr: " + Files.readString(stderr).strip();
        } catch (Exception e) {
            return null;
        }
    }

    /** Waits for QEMU to exit by itself; returns false on timeout. */
    boolean awaitExit(Duration timeout) throws Exception {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("QEMU " + process.pid() + " did not exit after SIGKILL", e);
        }
        if (spawned) {
            Processes.waitFor((int) process.pid(), false);
        }
    }
}
