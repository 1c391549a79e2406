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
    public static KvmctlProcess run(RuntimeRoot root, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.kvmctl.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        Process p = pb.start();
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
