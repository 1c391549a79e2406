package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.sys.Processes;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real QEMU, real guests: the Linux test guest under TCG and boot-sector guests under KVM. */
class VmLifecycleIT {
    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();
    final StartOptions options = vms.options();

    @Test
    void linuxGuestBootsToReadyAndPowersOffOnTheAcpiButton() throws Exception {
        Path profile = TestGuests.linuxProfile(tmp, "boot", "");
        try (Vm vm = Vm.start(profile, options)) {
            VmStatus status = vm.status();
            assertEquals("running", status.state());
            assertEquals("tcg", status.accel());
            try (SerialConsole console = SerialConsole.attach(vm)) {
                console.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), Duration.ofSeconds(60));
            }
            StopReport report = vm.stop(Duration.ofSeconds(30), false);
            assertEquals(StopStep.POWERDOWN, report.step(), "notes: " + report.notes());
            assertEquals(new ExitStatus(0), report.exitStatus());
            assertFalse(Files.exists(vm.directory().path()), "runtime directory left behind");
        }
    }

    @Test
    void runtimeDirectoryIsPrivateAndSocketsAreOwnerOnly() throws Exception {
        Path profile = TestGuests.bootSectorProfile(tmp, "perms", TestGuests.HELLO, TestGuests.KVM_IF_USABLE);
        try (Vm vm = Vm.start(profile, options)) {
            assertEquals("rwx------", mode(vm.directory().path()));
            assertEquals("rwx------", mode(root.path()));
            for (Path socket : new Path[] {
                vm.directory().qmpSocket(),
                vm.directory().controlSocket(),
                vm.directory().userMonitorSocket(),
                vm.directory().serialSocket()
            }) {
                assertEquals("rw-------", mode(socket), socket.toString());
            }
            vm.stop(Duration.ZERO, true);
        }
    }

    @Test
    void secondStartOfARunningNameIsRefused() throws Exception {
        Path profile = TestGuests.bootSectorProfile(tmp, "twice", TestGuests.HELLO, TestGuests.KVM_IF_USABLE);
        try (Vm first = Vm.start(profile, options)) {
            VmStartException e = assertThrows(VmStartException.class, () -> Vm.start(profile, options));
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
            assertTrue(first.isRunning(), "the refused start must not disturb the running VM");
            first.stop(Duration.ZERO, true);
        }
    }

    @Test
    void killedQemuIsReportedWithItsSignalAndDownCleansUp() throws Exception {
        Path profile = TestGuests.bootSectorProfile(tmp, "victim", TestGuests.HELLO, TestGuests.KVM_IF_USABLE);
        Vm vm = Vm.start(profile, options);
        Processes.kill(vm.record().qemuPid(), Processes.SIGKILL);
        assertTrue(vm.awaitExit(Duration.ofSeconds(10)));
        try (Vm attached = Vm.attach(root, "victim")) {
            assertTrue(Processes.awaitExit(attached.record().supervisorPid(), 5000));
            VmStatus status = attached.status();
            assertEquals("exited", status.state());
            assertEquals(new ExitStatus(137), status.exit());
            assertTrue(status.detail().contains("was killed by SIGKILL"), status.detail());
            StopReport report = attached.stop(Duration.ofSeconds(1), false);
            assertEquals(StopStep.ALREADY_STOPPED, report.step());
        }
        assertEquals(java.util.List.of(), root.names());
    }

    @Test
    void qemuThatFailsAtStartIsExplainedWithItsOwnWordsAndLeavesNothing() throws Exception {
        Path profile = TestGuests.linuxProfile(tmp, "broken", "extra_args: [\"-no-such-option\"]");
        VmStartException e = assertThrows(VmStartException.class, () -> Vm.start(profile, options));
        assertTrue(e.getMessage().contains("exited with status 1"), e.getMessage());
        assertTrue(e.getMessage().contains("-no-such-option"), "QEMU's stderr should be quoted: " + e.getMessage());
        assertEquals(java.util.List.of(), root.names());
    }

    @Test
    void guestThatIgnoresAcpiIsEndedByQuitAndTheReportSaysSo() throws Exception {
        Path profile = TestGuests.bootSectorProfile(tmp, "deaf", TestGuests.HELLO, TestGuests.KVM_IF_USABLE);
        try (Vm vm = Vm.start(profile, options)) {
            StopReport report = vm.stop(Duration.ofSeconds(1), false);
            assertEquals(StopStep.QUIT, report.step());
            assertTrue(
                    report.notes().getFirst().contains("did not power off within 1 s"),
                    report.notes().toString());
        }
    }

    @Test
    void aSecondKvmctlProcessFindsAndStopsTheVm() throws Exception {
        Path profile = TestGuests.bootSectorProfile(tmp, "shared", TestGuests.COUNTER, TestGuests.KVM_IF_USABLE);
        Vm vm = Vm.start(profile, options);
        KvmctlProcess status = KvmctlProcess.run(root, "status", "shared", "--json");
        assertEquals(0, status.exitCode(), status.output());
        assertTrue(status.output().contains("\"state\" : \"running\""), status.output());
        assertTrue(status.output().contains("\"pid\" : " + vm.record().qemuPid()), status.output());
        KvmctlProcess qmp = KvmctlProcess.run(root, "qmp", "shared", "query-status", "--json");
        assertEquals(0, qmp.exitCode(), qmp.output());
        assertTrue(qmp.output().contains("\"running\"") && qmp.output().contains("true"), qmp.output());
        KvmctlProcess down = KvmctlProcess.run(root, "down", "shared", "--force");
        assertEquals(0, down.exitCode(), down.output());
        assertTrue(down.output().contains("QEMU quit when asked"), down.output());
        assertTrue(vm.awaitExit(Duration.ofSeconds(5)));
        assertNotNull(vm.exitStatus().orElse(null));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
