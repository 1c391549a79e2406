package io.kvmctl.hardening;

import io.kvmctl.sys.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A kvmctl child JVM to be killed at a chosen point. It is frozen first (SIGSTOP), so that the point it reached can
 * be read off the files and processes before it dies, and then SIGKILLed: only that JVM, never its process group,
 * so whatever it started (a supervisor, QEMU) lives on, as it would after the OOM killer or a {@code kill -9}.
 */
final class KilledKvmctl {
    final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    KilledKvmctl(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().start(() -> {
            try (var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        });
    }

    /** What it has printed so far (stdout and stderr). */
    String outputSoFar() {
        return output.toString();
    }

    /** Stops the JVM where it is; false when it has already ended. */
    boolean freeze() throws IOException {
        return process.isAlive() && Processes.kill((int) process.pid(), Processes.SIGSTOP);
    }

    /** SIGKILLs it and waits; true when SIGKILL is what ended it (not a normal exit just before). */
    boolean kill() throws Exception {
        process.destroyForcibly(); // SIGKILL to this pid only
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("kvmctl (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
        return process.exitValue() == 128 + Processes.SIGKILL;
    }

    /** Everything it printed, once it has ended. */
    String output() throws Exception {
        reader.join(10_000);
        return output.toString();
    }
}
