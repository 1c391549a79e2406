package io.kvmctl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autostart units, checked by systemd itself: {@code systemd-analyze verify} parses each one as the manager
 * would at boot (it needs no running systemd), and any complaint fails the test, since verify exits 0 even when it
 * ignores a bad setting.
 */
class AutostartUnitTest {
    @TempDir
    Path tmp;

    @Test
    void aSystemUnitWaitsForTheNetworkAndCarriesTheStoreOverrides() throws Exception {
        AutostartUnit unit = new AutostartUnit(
                "web", launcher().toString(), Map.of("KVMCTL_STORE_DIR", "/srv/kvm store/100%"), false, 60);
        String text = unit.text();
        assertTrue(text.contains("ExecStart=" + launcher() + " up web --foreground --stop-timeout 60\n"), text);
        assertTrue(text.contains("Environment=\"KVMCTL_STORE_DIR=/srv/kvm store/100%%\"\n"), text);
        assertTrue(text.contains("After=network-online.target"), text);
        assertTrue(text.contains("TimeoutStopSec=100"), "systemd waits longer than kvmctl's own stop: " + text);
        assertTrue(text.contains("WantedBy=multi-user.target"), text);
        assertEquals("", verify(unit, false));
    }

    @Test
    void aUserUnitIsWantedByTheDefaultTargetAndHasNoNetworkTarget() throws Exception {
        AutostartUnit unit = new AutostartUnit("db.1", launcher().toString(), Map.of(), true, 30);
        assertFalse(unit.text().contains("network-online"), unit.text());
        assertTrue(unit.text().contains("WantedBy=default.target"), unit.text());
        assertEquals("", verify(unit, true));
    }

    @Test
    void verifyWouldCatchABrokenUnit() throws Exception {
        AutostartUnit unit = new AutostartUnit("web", launcher().toString(), Map.of(), false, 60);
        String broken = unit.text().replace("KillMode=mixed", "KillMode=mixd");
        assertTrue(verify(unit.fileName(), broken, false).contains("kill mode"), "the check can fail");
    }

    @Test
    void enablingLinksTheUnitAsSystemctlEnableDoesAndDisablingUndoesIt() throws Exception {
        VmStore store = new VmStore(tmp.resolve("store"));
        Files.createDirectories(store.folder("web"));
        Files.writeString(store.profile("web"), "name: web\n");
        Autostarts autostarts = new Autostarts(store, tmp.resolve("units"));
        Path file = autostarts.enable(new AutostartUnit("web", "/usr/bin/kvmctl", Map.of(), false, 60));
        Path link = tmp.resolve("units/multi-user.target.wants/kvmctl-web.service");
        assertEquals(Path.of("../kvmctl-web.service"), Files.readSymbolicLink(link));
        assertEquals(file.toRealPath(), link.toRealPath());
        assertEquals(List.of("web"), autostarts.names());
        assertTrue(autostarts.disable("web"));
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(file));
        assertEquals(List.of(), autostarts.names());
    }

    /** An executable for ExecStart= (verify checks that it exists). */
    private Path launcher() throws Exception {
        Path sh = tmp.resolve("bin/kvmctl");
        if (!Files.exists(sh)) {
            Files.createDirectories(sh.getParent());
            Files.writeString(sh, "#!/bin/sh\n");
            Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return sh;
    }

    private String verify(AutostartUnit unit, boolean user) throws Exception {
        return verify(unit.fileName(), unit.text(), user);
    }

    /** What systemd-analyze verify says about the unit (empty: nothing). */
    private String verify(String fileName, String text, boolean user) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed (apt-get install systemd)");
        Path dir = Files.createDirectories(tmp.resolve(user ? "user" : "system"));
        Path file = Files.writeString(dir.resolve(fileName), text);
        List<String> cmd = new ArrayList<>(List.of(analyze.toString()));
        if (user) {
            cmd.add("--user");
        }
        cmd.addAll(List.of("verify", "--man=no", file.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // The user manager wants a runtime folder even to verify; give it a private one.
        Path runtime = Files.createDirectories(tmp.resolve("xdg-runtime"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }
}
