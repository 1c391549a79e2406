package io.kvmctl.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Shared by the networking ITs: kvmctl in a child JVM (optionally inside a network namespace), shell helpers. */
final class NetTestSupport {
    static final Duration BOOT = Duration.ofSeconds(120);
    static final Duration COMMAND = Duration.ofSeconds(60);

    private NetTestSupport() {}

    record Result(int exitCode, String output) {}

    /** Runs kvmctl against {@code root}; inside namespace {@code netns} unless it is null. */
    static Result kvmctl(RuntimeRoot root, String netns, String... args) throws IOException, InterruptedException {
        return kvmctlWith(List.of(), root, netns, args);
    }

    /** Like {@link #kvmctl}, with {@code prefix} (e.g. setpriv dropping a capability) before the JVM. */
    static Result kvmctlWith(List<String> prefix, RuntimeRoot root, String netns, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("ip", "netns", "exec", netns));
        }
        cmd.addAll(prefix);
        cmd.addAll(io.kvmctl.testing.KvmctlProcess.command(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        // kvmctl up leaves QEMU running with our pipe closed (it gets its own log), so reading to EOF ends.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("kvmctl " + String.join(" ", args) + " did not finish within 120 s: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    static Result kvmctlOk(RuntimeRoot root, String netns, String... args) throws Exception {
        Result r = kvmctl(root, netns, args);
        assertEquals(0, r.exitCode(), "kvmctl " + String.join(" ", args) + " said: " + r.output());
        return r;
    }

    /** Runs a host command (ip ...) and returns its output; fails on a non-zero exit. */
    static String sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish within 30 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    /**
     * Types {@code command} into the guest shell followed by an echo of a marker computed by the shell, and waits
     * for the marker's output line (not the echoed command line, which shows the unexpanded form). Returns the
     * console lines the command printed.
     */
    static List<String> run(SerialConsole console, String command, Duration timeout) throws IOException {
        int from = console.lineCount();
        long tag = System.nanoTime() % 100000;
        console.send(command + "; echo DONE-$((" + tag + "+1))\n");
        console.awaitLineAfter(from, Pattern.compile("DONE-" + (tag + 1) + "\\b"), timeout);
        return console.lines().subList(from, console.lineCount());
    }
}
