package io.kvmctl.testing;

import io.kvmctl.vm.RuntimeRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs kvmctl in its own JVM against a test's runtime root, as a user's second shell would. */
public record KvmctlProcess(int exitCode, String output) {
    /** The command line of kvmctl in a child JVM with this test's class path (wrap it for a namespace or user). */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "io.kvmctl.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts kvmctl with stdout and stderr merged; the caller writes stdin and reads the output. */
    public static Process start(RuntimeRoot root, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true);
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        return pb.start();
    }

    /** Runs kvmctl to the end with no input (at most 120 s). */
    public static KvmctlProcess run(RuntimeRoot root, String... args) throws IOException, InterruptedException {
        Process p = start(root, args);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("kvmctl " + String.join(" ", args) + " did not finish within 120 s: " + out);
        }
        return new KvmctlProcess(p.exitValue(), out);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ": " + output;
    }
}
