package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchedProcessesTest {
    private final VmDirectory dir = new VmDirectory(Path.of("/run/kvmctl/web"));

    @Test
    void recognisesTheSupervisorShell() {
        List<String> argv = List.of(
                "/bin/sh",
                "-c",
                "f=$1; ...",
                "kvmctl-supervise-web",
                "/run/kvmctl/web/exit-status",
                "/usr/bin/qemu-system-x86_64",
                "-pidfile",
                "/run/kvmctl/web/qemu.pid",
                "-name",
                "web");
        assertEquals(LaunchedProcesses.Role.SUPERVISOR, LaunchedProcesses.roleOf(argv, dir));
    }

    @Test
    void recognisesQemuAndAWrapperThatHasNotExecutedItYet() {
        assertEquals(
                LaunchedProcesses.Role.QEMU,
                LaunchedProcesses.roleOf(
                        List.of("/usr/bin/qemu-system-x86_64", "-pidfile", "/run/kvmctl/web/qemu.pid", "-name", "web"),
                        dir));
        assertEquals(
                LaunchedProcesses.Role.QEMU,
                LaunchedProcesses.roleOf(
                        List.of("/bin/sh", "/opt/qemu-wrapper", "-pidfile", "/run/kvmctl/web/qemu.pid"), dir));
    }

    @Test
    void ignoresOtherProcessesThatMentionTheDirectory() {
        assertNull(LaunchedProcesses.roleOf(List.of("tail", "-f", "/run/kvmctl/web/serial.log"), dir));
        assertNull(LaunchedProcesses.roleOf(List.of("cat", "/run/kvmctl/web/qemu.pid"), dir));
        // another VM whose name starts with this one's
        assertNull(LaunchedProcesses.roleOf(
                List.of("/usr/bin/qemu-system-x86_64", "-pidfile", "/run/kvmctl/web.incoming/qemu.pid"), dir));
        assertNull(LaunchedProcesses.roleOf(List.of("/usr/bin/qemu-system-x86_64", "-pidfile"), dir));
    }

    @Test
    void aQemuOfAnotherUserIsOursOnlyWhenItsArgvDropsToThatUser() {
        org.junit.jupiter.api.Assertions.assertTrue(
                LaunchedProcesses.switchedTo(List.of("qemu", "-name", "x", "-runas", "kvmctl"), "kvmctl"));
        org.junit.jupiter.api.Assertions.assertTrue(
                LaunchedProcesses.switchedTo(List.of("qemu", "-run-with", "user=kvmctl"), "kvmctl"));
        org.junit.jupiter.api.Assertions.assertFalse(
                LaunchedProcesses.switchedTo(List.of("qemu", "-runas", "kvmctl"), "mallory"));
        org.junit.jupiter.api.Assertions.assertFalse(
                LaunchedProcesses.switchedTo(List.of("qemu", "-run-with", "user=kvmctl2"), "kvmctl"));
        org.junit.jupiter.api.Assertions.assertFalse(LaunchedProcesses.switchedTo(List.of("qemu"), "kvmctl"));
    }
}
