package io.kvmctl.testing;

import io.kvmctl.vm.LogRoot;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.VmHomes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs kvmctl in its own JVM against a test's runtime root, as a user's second shell would. */
public record KvmctlProcess(int exitCode, String output) {
    /**
     * The command line of kvmctl in a child JVM (wrap it for a namespace or user): the module io.kvmctl from this
     * test's module path (target/classes or the packaged jar, and the dependencies), with native access granted to
     * it, as {@code ./kvmctl} runs it.
     */
    public static List<String> command(String... args) {
        // bench/ programs run from the class path (the JVM ignores -Djdk.module.path) and name it this way
        return commandFrom(System.getProperty("jdk.module.path", System.getProperty("kvmctl.bench.modulePath")), args);
    }

    /** The same from {@code modulePath} (e.g. the packaged jar and target/lib, which another user can read). */
    public static List<String> commandFrom(String modulePath, String... args) {
        if (modulePath == null || modulePath.isEmpty()) {
            throw new IllegalStateException("the tests do not run on the module path (surefire's useModulePath),"
                    + " so there is no io.kvmctl module to start kvmctl from");
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=io.kvmctl",
                "--module-path",
                modulePath,
                "--module",
                "io.kvmctl/io.kvmctl.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts kvmctl with stdout and stderr merged; the caller writes stdin and reads the output. */
    public static Process start(RuntimeRoot root, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true);
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        pb.environment().put(LogRoot.ENV, IsolatedVms.logRootBeside(root).path().toString());
        pb.environment().put(VmHomes.ENV, IsolatedVms.dataDirBeside(root).toString());
        pb.environment().put(VmHomes.STORE_ENV, IsolatedVms.storeBeside(root).toString());
        pb.environment()
                .put("KVMCTL_SYSTEMD_UNIT_DIR", IsolatedVms.unitDirBeside(root).toString());
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
