package io.kvmctl.cli;

import io.kvmctl.testing.KvmctlProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of kvmctl as its own process (a fresh JVM, as a user's shell starts it), stdout and stderr apart, with
 * the runtime root, store and log folder of a test and any extra environment.
 */
record KvmctlChild(int code, String out, String err) {
    static KvmctlChild run(Path testDir, Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(KvmctlProcess.command(args));
        Map<String, String> e = pb.environment();
        e.put("KVMCTL_RUNTIME_DIR", testDir.resolve("run").toString());
        e.put("KVMCTL_STORE_DIR", testDir.resolve("store").toString());
        e.put("KVMCTL_LOG_DIR", testDir.resolve("log").toString());
        e.put("KVMCTL_SYSTEMD_UNIT_DIR", testDir.resolve("units").toString());
        e.putAll(env);
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = read(p.getInputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("kvmctl " + String.join(" ", args) + " did not end within 60 s");
        }
        return new KvmctlChild(p.exitValue(), out, err.join());
    }

    static KvmctlChild run(Path testDir, String... args) throws IOException, InterruptedException {
        return run(testDir, Map.of(), "", args);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The first line of stderr: where the one-line message of a refused command is. */
    String firstErrorLine() {
        List<String> lines = err.lines().toList();
        return lines.isEmpty() ? "" : lines.getFirst();
    }

    @Override
    public String toString() {
        return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
