package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qmp.EventSubscription;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** pause, resume and reset on a boot-sector guest (TCG): through the {@link Vm} and through the CLI. */
class RunControlIT {
    private static final Duration EVENT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void pauseResumeAndResetReachQemuFromTheVmAndFromTheCli() throws Exception {
        Path profile = TestGuests.bootSectorProfile(tmp, "ctl", TestGuests.COUNTER, "tcg");
        RuntimeRoot root = vms.root();
        try (Vm vm = Vm.start(profile, vms.options())) {
            vm.pause();
            assertEquals("paused", vm.status().state());
            vm.resume();
            assertEquals("running", vm.status().state());
            try (EventSubscription resets = vm.qmp().subscribe("RESET")) {
                vm.reset();
                assertTrue(resets.poll(EVENT).isPresent(), "no RESET event after vm.reset()");
            }

            KvmctlProcess pause = KvmctlProcess.run(root, "pause", "ctl");
            assertEquals(0, pause.exitCode(), pause.toString());
            assertEquals("VM ctl is paused; 'kvmctl resume ctl' continues it\n", pause.output());
            assertEquals("paused", vm.status().state());
            KvmctlProcess resume = KvmctlProcess.run(root, "resume", "ctl");
            assertEquals(0, resume.exitCode(), resume.toString());
            assertEquals("VM ctl is running\n", resume.output());
            assertEquals("running", vm.status().state());
            try (EventSubscription resets = vm.qmp().subscribe("RESET")) {
                KvmctlProcess reset = KvmctlProcess.run(root, "reset", "ctl");
                assertEquals(0, reset.exitCode(), reset.toString());
                assertEquals("VM ctl was reset\n", reset.output());
                assertTrue(resets.poll(EVENT).isPresent(), "no RESET event after 'kvmctl reset'");
            }

            KvmctlProcess ghost = KvmctlProcess.run(root, "pause", "ghost");
            assertEquals(2, ghost.exitCode(), ghost.toString());
            assertTrue(ghost.output().startsWith("kvmctl pause: "), ghost.output());
            vm.stop(Duration.ZERO, true);
        }
    }
}
