package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make install DESTDIR=... PREFIX=/usr} from this checkout, the installed kvmctl run, its man page found by
 * man, then {@code make uninstall} leaving nothing behind. Needs the built jar (the package phase, before ITs).
 */
class MakeInstallIT {
    @TempDir
    Path destdir;

    @Test
    void installsRunsAndUninstallsLeavingNothing() throws Exception {
        Path checkout = Path.of("").toAbsolutePath();
        Result install = run(checkout, Map.of(), "make", "install", "DESTDIR=" + destdir, "PREFIX=/usr");
        assertEquals(0, install.code(), install.out());
        Path kvmctl = destdir.resolve("usr/bin/kvmctl");
        assertTrue(Files.isExecutable(kvmctl));
        for (String file : List.of(
                "usr/lib/kvmctl/kvmctl.jar",
                "usr/share/bash-completion/completions/kvmctl",
                "usr/share/zsh/vendor-completions/_kvmctl",
                "usr/share/man/man1/kvmctl.1",
                "usr/share/man/man1/kvmctl-snapshot-save.1")) {
            assertTrue(Files.isRegularFile(destdir.resolve(file)), file);
        }

        Result version = run(destdir, Map.of(), kvmctl.toString(), "--version");
        assertEquals(0, version.code(), version.out());
        assertTrue(version.out().startsWith("kvmctl "), version.out());
        Result completion = run(destdir, Map.of(), kvmctl.toString(), "completion", "bash");
        assertEquals(0, completion.code(), completion.out());
        assertTrue(completion.out().contains("complete -F _complete_kvmctl"), completion.out());

        Result man =
                run(destdir, Map.of("MANPATH", destdir.resolve("usr/share/man").toString()), "man", "-w", "kvmctl-up");
        assertEquals(
                destdir.resolve("usr/share/man/man1/kvmctl-up.1").toString(),
                man.out().strip(),
                man.out());

        Result uninstall = run(checkout, Map.of(), "make", "uninstall", "DESTDIR=" + destdir, "PREFIX=/usr");
        assertEquals(0, uninstall.code(), uninstall.out());
        try (Stream<Path> left = Files.walk(destdir)) {
            assertEquals(List.of(destdir), left.toList());
        }
    }

    private record Result(int code, String out) {}

    private static Result run(Path dir, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        return new Result(p.exitValue(), out);
    }
}
