package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrivilegeDropCommandLineTest {
    /** The lines of QEMU 10.0's and 7.2's -help that name the user options, as the binaries print them. */
    private static final String QEMU_10_HELP = """
            -run-with [async-teardown=on|off][,chroot=dir][user=username|uid:gid]
                            Set miscellaneous QEMU process lifecycle options:
                            user=username switch to the specified user before starting the VM
            -msg [timestamp[=on|off]][,guest-name=[on|off]]
            """;

    private static final String QEMU_7_2_HELP = """
            -runas user     change to user id user just before starting the VM
                            user can be numeric uid:gid instead
            -sandbox on[,obsolete=allow|deny][,elevateprivileges=allow|deny|children]
            """;

    @Test
    void qemu10UsesRunWithUser() {
        assertEquals(Optional.of(UserSwitch.RUN_WITH), UserSwitch.fromHelp(QEMU_10_HELP));
    }

    @Test
    void qemu72UsesRunas() {
        assertEquals(Optional.of(UserSwitch.RUNAS), UserSwitch.fromHelp(QEMU_7_2_HELP));
    }

    @Test
    void aQemuListingBothPrefersRunWith() {
        assertEquals(Optional.of(UserSwitch.RUN_WITH), UserSwitch.fromHelp(QEMU_7_2_HELP + QEMU_10_HELP));
    }

    @Test
    void runWithWithoutUserDoesNotCount() {
        // QEMU 8.1's -run-with had only async-teardown: it cannot switch users.
        assertEquals(Optional.empty(), UserSwitch.fromHelp("-run-with async-teardown=on|off\n"));
    }

    @Test
    void theSwitchFollowsTheNameInTheArgv() {
        LaunchContext ctx = Profiles.CTX.withDropTo(Optional.of(new PrivilegeDrop("kvmctl", UserSwitch.RUN_WITH)));
        List<String> a = QemuCommandLine.build(Profiles.parse("{}\n"), ctx);
        int name = a.indexOf("-name");
        assertEquals(List.of("-run-with", "user=kvmctl"), a.subList(name + 2, name + 4));
        assertTrue(ctx.changesUser());
    }

    @Test
    void qemu72GetsRunas() {
        LaunchContext ctx = Profiles.CTX.withDropTo(Optional.of(new PrivilegeDrop("qemu-vm", UserSwitch.RUNAS)));
        List<String> a = QemuCommandLine.build(Profiles.parse("{}\n"), ctx);
        int at = a.indexOf("-runas");
        assertEquals("qemu-vm", a.get(at + 1));
    }

    @Test
    void noSwitchWithoutADrop() {
        List<String> a = QemuCommandLine.build(Profiles.parse("{}\n"), Profiles.CTX);
        assertFalse(a.contains("-runas") || a.contains("-run-with"), a.toString());
        assertFalse(Profiles.CTX.changesUser());
    }

    @Test
    void profileRunAsIsReadAndExtraArgsPointAtIt() {
        assertEquals(Optional.of("qemu-vm"), Profiles.parse("run_as: qemu-vm\n").runAs());
        assertEquals(Optional.empty(), Profiles.parse("{}\n").runAs());
        String refused = Profiles.problems("extra_args: [-runas, nobody]\n").getMessage();
        assertTrue(refused.contains("use the `run_as` field"), refused);
        String runWith =
                Profiles.problems("extra_args: [-run-with, user=nobody]\n").getMessage();
        assertTrue(runWith.contains("use the `run_as` field"), runWith);
    }

    @Test
    void aRunAsThatIsNoUserNameIsRefused() {
        String message = Profiles.problems("run_as: 'root; rm -rf /'\n").getMessage();
        assertTrue(message.contains("run_as: 'root; rm -rf /' is not a user name"), message);
    }
}
