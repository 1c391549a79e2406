package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * scripts/build-deb, then the package installed with dpkg on this machine, kvmctl run from PATH with the
 * package's own runtime, and removed again. Root only (dpkg -i); the package is removed even when a check fails.
 */
class DebPackageIT {
    @Test
    void debInstallsRunsAndRemovesCleanly() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "dpkg -i needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "no dpkg-deb: not a Debian system");
        assumeTrue(!Files.exists(Path.of("/opt/kvmctl")), "a kvmctl package is installed already: not touched");
        Path checkout = Path.of("").toAbsolutePath();
        Result build = run(checkout, 15, "scripts/build-deb");
        assertEquals(0, build.code(), build.out());
        Path deb;
        try (Stream<Path> debs = Files.list(checkout.resolve("target/deb"))) {
            deb = debs.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();
        }
        try {
            Result install = run(checkout, 5, "dpkg", "-i", deb.toString());
            assertEquals(0, install.code(), install.out());
            Path onPath = Path.of("/usr/bin/kvmctl");
            assertTrue(Files.isSymbolicLink(onPath), "no /usr/bin/kvmctl link");
            assertTrue(Files.isSymbolicLink(Path.of("/usr/share/man/man1/kvmctl-up.1.gz")), "no man page");

            Result version = run(checkout, 2, "kvmctl", "--version");
            assertEquals(0, version.code(), version.out());
            assertTrue(version.out().startsWith("kvmctl 0."), version.out());
            // 0: KVM usable, 1: not usable here (no /dev/kvm): both answers; 2 would be a failure to run at all.
            Result probe = run(checkout, 2, "kvmctl", "probe");
            assertTrue(probe.code() == 0 || probe.code() == 1, probe.out());
            assertTrue(probe.out().contains("kvm"), probe.out());
        } finally {
            Result remove = run(checkout, 5, "dpkg", "-r", "kvmctl");
            assertEquals(0, remove.code(), remove.out());
        }
        for (String gone : List.of(
                "/opt/kvmctl",
                "/usr/bin/kvmctl",
                "/usr/share/man/man1/kvmctl-up.1.gz",
                "/usr/share/bash-completion/completions/kvmctl")) {
            assertFalse(Files.exists(Path.of(gone), LinkOption.NOFOLLOW_LINKS), gone + " left after dpkg -r");
        }
    }

    private record Result(int code, String out) {}

    private static Result run(Path dir, int minutes, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(minutes, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        return new Result(p.exitValue(), out);
    }
}
