package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxTest {
    private static final String LIBVIRTS_SET =
            "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny";

    @Test
    void profileWithoutSandboxKeyGetsLibvirtsSeccompSet() {
        List<String> a = QemuCommandLine.build(Profiles.parse("name: vm\n"), Profiles.CTX);
        int at = a.indexOf("-sandbox");
        assertTrue(at > 0, a.toString());
        assertEquals(LIBVIRTS_SET, a.get(at + 1));
        assertEquals(at, a.lastIndexOf("-sandbox"), "one -sandbox");
    }

    @Test
    void sandboxFalseStartsQemuWithoutFilter() {
        List<String> a = QemuCommandLine.build(Profiles.parse("name: vm\nsandbox: false\n"), Profiles.CTX);
        assertFalse(a.contains("-sandbox"), a.toString());
        assertTrue(Profiles.parse("sandbox: true\n").sandbox());
        assertTrue(Profiles.parse("name: vm\n").sandbox(), "on unless the profile says false");
    }

    @Test
    void nonBooleanSandboxIsOneClearError() {
        String message = Profiles.problems("sandbox: 'off'\n").getMessage();
        assertTrue(message.contains("sandbox: expected true or false, found"), message);
        assertTrue(message.contains("write true or false"), message);
    }

    @Test
    void sandboxInExtraArgsIsRefusedPointingAtTheProfileKey() {
        String message = Profiles.problems("extra_args: [-sandbox, 'on']\n").getMessage();
        assertTrue(message.contains("extra_args[0]: -sandbox conflicts with what kvmctl controls"), message);
        assertTrue(message.contains("`sandbox: false` turns it off"), message);
    }

    @Test
    void qemuThatChangesItsOwnUserMayStillCallSetuid() {
        // QEMU installs the filter before -runas drops to the user: with set*id denied it dies of SIGSYS.
        assertEquals(
                "on,obsolete=deny,elevateprivileges=allow,spawn=deny,resourcecontrol=deny",
                Sandbox.forStart(true, true).options());
        assertEquals(LIBVIRTS_SET, Sandbox.forStart(true, false).options());
        assertEquals(Sandbox.OFF, Sandbox.forStart(false, true));
        assertEquals(List.of(), Sandbox.OFF.argv());
    }

    @Test
    void runasOrRunWithUserInTheArgvMeansQemuChangesItsUser() {
        assertTrue(Sandbox.qemuChangesUser(List.of("qemu", "-runas", "kvmctl")));
        assertTrue(Sandbox.qemuChangesUser(List.of("qemu", "-run-with", "user=kvmctl")));
        assertTrue(Sandbox.qemuChangesUser(List.of("qemu", "-run-with", "chroot=/srv,user=kvmctl")));
        assertFalse(Sandbox.qemuChangesUser(List.of("qemu", "-run-with", "chroot=/srv")));
        // ",," is a comma inside the chroot path, not the start of a user= key.
        assertFalse(Sandbox.qemuChangesUser(List.of("qemu", "-run-with", "chroot=/a,,user=x")));
        assertFalse(Sandbox.qemuChangesUser(List.of("qemu", "-name", "guest=user=x")));
    }

    @Test
    void builderAllowsSetuidWhenItsArgvHasRunas() {
        // What the builder itself writes never makes QEMU change user: the default set denies set*id.
        List<String> a = new ArrayList<>(QemuCommandLine.build(Profiles.parse("name: vm\n"), Profiles.CTX));
        assertFalse(Sandbox.qemuChangesUser(a));
        a.addAll(List.of("-runas", "kvmctl"));
        assertEquals(
                "on,obsolete=deny,elevateprivileges=allow,spawn=deny,resourcecontrol=deny",
                Sandbox.forStart(true, Sandbox.qemuChangesUser(a)).options());
    }

    @Test
    void statusReadsTheSandboxFromTheRecordedArgv() {
        List<String> on = QemuCommandLine.build(Profiles.parse("name: vm\n"), Profiles.CTX);
        Sandbox recorded = Sandbox.recordedIn(on);
        assertTrue(recorded.on());
        assertEquals(
                "on (seccomp: obsolete=deny, elevateprivileges=deny, spawn=deny, resourcecontrol=deny)",
                recorded.describe());
        List<String> off = QemuCommandLine.build(Profiles.parse("name: vm\nsandbox: false\n"), Profiles.CTX);
        assertEquals(Sandbox.OFF, Sandbox.recordedIn(off));
        assertEquals("off", Sandbox.recordedIn(off).describe());
        // A record from before kvmctl set a sandbox, or QEMU's explicit "off".
        assertEquals(Sandbox.OFF, Sandbox.recordedIn(List.of("/usr/bin/qemu", "-name", "vm")));
        assertEquals(Sandbox.OFF, Sandbox.recordedIn(List.of("/usr/bin/qemu", "-sandbox", "off")));
        assertEquals(
                "on",
                Sandbox.recordedIn(List.of("/usr/bin/qemu", "-sandbox", "on")).describe());
    }

    @Test
    void execMigrationIsRefusedUnderTheSandboxOnly() {
        String why = Sandbox.forStart(true, false)
                .refusedMigration("exec:cat > /tmp/state")
                .orElseThrow();
        assertTrue(why.startsWith("'exec:cat > /tmp/state': an exec: migration makes QEMU start a command"), why);
        assertTrue(why.contains("`sandbox: false`"), why);
        assertEquals(java.util.Optional.empty(), Sandbox.forStart(true, false).refusedMigration("tcp:10.0.0.2:4444"));
        assertEquals(java.util.Optional.empty(), Sandbox.forStart(true, false).refusedMigration("unix:/run/m.sock"));
        assertEquals(java.util.Optional.empty(), Sandbox.OFF.refusedMigration("exec:cat > /tmp/state"));
    }
}
