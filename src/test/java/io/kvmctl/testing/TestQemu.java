package io.kvmctl.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The QEMU the integration tests run: {@code $KVMCTL_QEMU} when set (the Makefile sets it to the QEMU 10 wrapper
 * of {@code scripts/fetch-qemu10} for the second pass of {@code make test}), else the system's
 * {@code /usr/bin/qemu-system-x86_64}. Every IT that starts QEMU goes through {@link #binary()}, and kvmctl itself
 * honours the same variable (the child JVMs of CLI tests inherit it), so one run tests one QEMU throughout.
 */
public final class TestQemu {
    public static final Path SYSTEM = Path.of("/usr/bin/qemu-system-x86_64");

    private static volatile String versionLine;

    private TestQemu() {}

    /** The QEMU binary under test. */
    public static Path binary() {
        String explicit = System.getenv("KVMCTL_QEMU");
        return explicit != null && !explicit.isBlank() ? Path.of(explicit) : SYSTEM;
    }

    /**
     * Skips when the chosen QEMU is not there. With {@code KVMCTL_QEMU} set the caller asked for that binary, so a
     * missing one is a broken setup and fails instead.
     */
    public static Path require() {
        Path qemu = binary();
        String explicit = System.getenv("KVMCTL_QEMU");
        if (explicit != null && !explicit.isBlank()) {
            if (!Files.isExecutable(qemu)) {
                throw new AssertionError("KVMCTL_QEMU=" + explicit + " is not executable (run scripts/fetch-qemu10)");
            }
        } else {
            assumeTrue(Files.isExecutable(qemu), qemu + " is not installed (Debian: apt-get install qemu-system-x86)");
        }
        // As root, kvmctl runs QEMU as this user; the install step makes it, and so do the tests.
        QemuSystemUser.ensure();
        return qemu;
    }

    /**
     * A QMP client on the server socket {@code socket} of {@code qemu}, connected once QEMU has made it; fails
     * when QEMU exits first or nothing accepts within {@code within}.
     */
    public static QmpClient connectQmp(Path socket, Process qemu, QmpOptions options, Duration within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return QmpClient.connect(socket, options);
            } catch (IOException e) {
                if (!qemu.isAlive()) {
                    throw new IOException("QEMU exited with " + qemu.exitValue() + " before QMP was ready", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("no QMP at " + socket + " within " + within, e);
                }
                // QEMU makes the socket while it starts: wait for that or for its exit.
                qemu.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The first line of {@code --version}, e.g. "QEMU emulator version 10.0.2 (Debian ...)". For messages. */
    public static String versionLine() {
        String v = versionLine;
        if (v == null) {
            v = readVersion(binary());
            versionLine = v;
        }
        return v;
    }

    /** The version number of the QEMU under test, e.g. "10.0.2", from {@code --version}. */
    public static String version() {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("version (\\d+\\.\\d+\\.\\d+)").matcher(versionLine());
        if (!m.find()) {
            throw new AssertionError(binary() + " --version gave no version number: " + versionLine());
        }
        return m.group(1);
    }

    /** The major version of the QEMU under test (7 for Debian bookworm's, 10 for the backport). */
    public static int major() {
        return Integer.parseInt(version().substring(0, version().indexOf('.')));
    }

    private static String readVersion(Path qemu) {
        try {
            Process p = new ProcessBuilder(qemu.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return qemu + " (--version hung)";
            }
            return out.lines().findFirst().orElse(qemu + " (no --version output)");
        } catch (IOException e) {
            return qemu + " (cannot run: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return qemu + " (interrupted)";
        }
    }
}
