package io.kvmctl.hardening;

import io.kvmctl.sys.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A kvmctl child JVM to be killed at a chosen point. It is frozen first (SIGSTOP), so that the point it reached can
 * be read off the files and processes before it dies, and then SIGKILLed: only that JVM, never its process group,
 * so whatever it started (a supervisor, QEMU) lives on, as it would after the OOM killer or a {@code kill -9}.
 */
final class KilledKvmctl {
    final Process process;
    private final CompletableFuture<String> output;

    KilledKvmctl(Process process) {
        this.process = process;
        this.output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        });
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

    String output() throws Exception {
        return output.get(10, TimeUnit.SECONDS);
    }
}
