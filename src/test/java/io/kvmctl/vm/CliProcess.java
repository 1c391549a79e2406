package io.kvmctl.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs kvmctl in a separate JVM, as a second user session would, against a given runtime root. */
record CliProcess(int exitCode, String output) {
    static CliProcess run(RuntimeRoot root, String... args) throws IOException, InterruptedException {
        Process p = start(root, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("kvmctl " + String.join(" ", args) + " did not finish within 60 s: " + out);
        }
        return new CliProcess(p.exitValue(), out);
    }

    /** Starts kvmctl with stdout and stderr merged; the caller writes stdin and reads the output. */
    static Process start(RuntimeRoot root, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.kvmctl.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        return pb.start();
    }
}
