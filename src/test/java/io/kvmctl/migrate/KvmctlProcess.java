package io.kvmctl.migrate;

import io.kvmctl.vm.RuntimeRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** kvmctl in its own JVM, optionally inside a network namespace (as on another host), against a runtime root. */
final class KvmctlProcess {
    final Process process;
    private final CompletableFuture<String> output;
    private final String what;

    private KvmctlProcess(Process process, String what) {
        this.process = process;
        this.what = what;
        this.output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e.getMessage() + ")";
            }
        });
    }

    /** Starts {@code kvmctl ARGS} in namespace {@code ns} (null: this one). */
    static KvmctlProcess start(String ns, RuntimeRoot root, String... args) throws IOException {
        List<String> cmd = io.kvmctl.testing.KvmctlProcess.command(args);
        ProcessBuilder pb = new ProcessBuilder(ns == null ? cmd : NetnsPair.in(ns, cmd)).redirectErrorStream(true);
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        return new KvmctlProcess(pb.start(), "kvmctl " + String.join(" ", args));
    }

    /** Runs it to the end; returns its output, failing when the exit code is not {@code expectedExit}. */
    static String run(String ns, RuntimeRoot root, int expectedExit, String... args) throws Exception {
        KvmctlProcess p = start(ns, root, args);
        int code = p.await(120);
        String out = p.output();
        if (code != expectedExit) {
            throw new AssertionError(p.what + " exited with " + code + " (expected " + expectedExit + "): " + out);
        }
        return out;
    }

    int await(int seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(what + " did not finish within " + seconds + " s: " + output.getNow(""));
        }
        return process.exitValue();
    }

    String output() throws Exception {
        return output.get(10, TimeUnit.SECONDS);
    }
}
