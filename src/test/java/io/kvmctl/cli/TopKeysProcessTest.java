package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvmctl.testing.KvmctlProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvmctl top} as a person runs it: a real process on a real terminal (a private tmux server), keys typed
 * into it. No VM is needed: the keys and the header work on an empty table.
 */
class TopKeysProcessTest {
    @TempDir
    Path dir;

    @Test
    void mSortsByMemoryAndQQuitsWithExitCodeZero() throws Exception {
        assumeTrue(onPath("tmux"), "tmux is not installed (Debian: apt-get install tmux)");
        String server = dir.resolve("tmux.sock").toString();
        StringBuilder top = new StringBuilder();
        for (String arg : KvmctlProcess.command("top", "--interval", "1", "--width", "150")) {
            top.append(" '").append(arg).append('\'');
        }
        Path exit = dir.resolve("exit");
        Path script = Files.writeString(
                dir.resolve("top.sh"),
                "#!/bin/sh\nKVMCTL_RUNTIME_DIR='" + dir.resolve("run") + "'" + top + "\necho $? > '" + exit
                        + "'\nsleep 60\n");
        script.toFile().setExecutable(true);
        try {
            run("tmux", "-S", server, "new-session", "-d", "-x", "160", "-y", "20", script.toString());
            awaitScreen(server, s -> s.contains("sort: cpu (c cpu, m memory, n name, q quit)"));
            run("tmux", "-S", server, "send-keys", "m");
            awaitScreen(server, s -> s.contains("sort: memory ("));
            run("tmux", "-S", server, "send-keys", "q");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(exit) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals("0", Files.exists(exit) ? Files.readString(exit).strip() : "(top did not end on q)");
        } finally {
            new ProcessBuilder("tmux", "-S", server, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String awaitScreen(String server, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = run("tmux", "-S", server, "capture-pane", "-p");
            if (wanted.test(screen)) {
                return screen;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the screen never showed what was expected:\n" + screen);
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d.isEmpty() ? "." : d, program))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
