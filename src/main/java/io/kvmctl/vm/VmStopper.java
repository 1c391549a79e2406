package io.kvmctl.vm;

import io.kvmctl.agent.GuestAgent;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.Replies;
import io.kvmctl.sys.Processes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The shutdown sequence: ACPI power button, then (for a VM with a guest agent channel) the agent's
 * {@code guest-shutdown}, then QMP {@code quit}, then SIGTERM, then SIGKILL. Each step waits a bounded time for QEMU
 * to exit before the next; the report says which step ended it and why earlier ones did not.
 */
final class VmStopper {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);

    private VmStopper() {}

    static StopReport stop(Vm vm, Duration gracefulTimeout, boolean force) throws IOException {
        long start = System.nanoTime();
        List<String> notes = new ArrayList<>();
        int pid = vm.record().qemuPid();
        if (!vm.isRunning()) {
            return report(vm, StopStep.ALREADY_STOPPED, start, notes);
        }

        QmpClient qmp = null;
        try {
            qmp = vm.qmp();
        } catch (IOException e) {
            notes.add("the QMP monitor did not answer (" + e.getMessage() + ")");
        }

        if (qmp != null && !force) {
            String state = runState(qmp, notes);
            if ("running".equals(state)) {
                try {
                    qmp.execute("system_powerdown");
                    if (vm.awaitExit(gracefulTimeout)) {
                        return report(vm, StopStep.POWERDOWN, start, notes);
                    }
                    notes.add("the guest did not power off within " + seconds(gracefulTimeout)
                            + " after the ACPI power button (does it handle ACPI?)");
                } catch (IOException e) {
                    notes.add("system_powerdown failed (" + e.getMessage() + ")");
                }
                if (VmAgent.hasChannel(vm) && shutDownThroughAgent(vm, gracefulTimeout, notes)) {
                    return report(vm, StopStep.GUEST_AGENT, start, notes);
                }
            } else if (state != null) {
                notes.add("the guest is " + state + ", so it cannot react to the power button: skipped it");
            }
        } else if (force) {
            notes.add("--force: skipped the ACPI power button");
        }

        if (qmp != null) {
            try {
                qmp.execute("quit");
            } catch (IOException e) {
                // QEMU may close the connection before the reply arrives; the exit below is what counts.
            }
            if (vm.awaitExit(STEP_TIMEOUT)) {
                return report(vm, StopStep.QUIT, start, notes);
            }
            notes.add("QEMU did not quit within " + seconds(STEP_TIMEOUT) + " of the quit command");
        }

        if (!Processes.kill(pid, Processes.SIGTERM) || vm.awaitExit(STEP_TIMEOUT)) {
            return report(vm, StopStep.SIGTERM, start, notes);
        }
        notes.add("QEMU did not exit within " + seconds(STEP_TIMEOUT) + " of SIGTERM");

        if (!Processes.kill(pid, Processes.SIGKILL) || vm.awaitExit(STEP_TIMEOUT)) {
            return report(vm, StopStep.SIGKILL, start, notes);
        }
        throw new IOException("QEMU (pid " + pid + ") of VM " + vm.name() + " survived SIGKILL for "
                + seconds(STEP_TIMEOUT) + ": it is stuck in the kernel (uninterruptible sleep); its runtime "
                + "directory " + vm.directory().path() + " was kept");
    }

    /**
     * Asks the guest's agent to power off and waits {@code timeout} for QEMU to exit: a clean shutdown is worth the
     * same wait as the power button's. A silent agent costs {@link VmAgent#SYNC_TIMEOUT}.
     */
    private static boolean shutDownThroughAgent(Vm vm, Duration timeout, List<String> notes) throws IOException {
        try (GuestAgent agent = VmAgent.connect(vm, VmAgent.SYNC_TIMEOUT)) {
            agent.shutdown(VmAgent.SYNC_TIMEOUT);
        } catch (IOException e) {
            notes.add("the guest agent could not be asked to shut down (" + e.getMessage() + ")");
            return false;
        }
        if (vm.awaitExit(timeout)) {
            return true;
        }
        notes.add("the guest did not power off within " + seconds(timeout) + " of guest-shutdown through its agent");
        return false;
    }

    private static String runState(QmpClient qmp, List<String> notes) {
        try {
            return Replies.string("query-status", qmp.execute("query-status"), "status");
        } catch (IOException e) {
            notes.add("query-status failed (" + e.getMessage() + ")");
            return null;
        }
    }

    private static StopReport report(Vm vm, StopStep step, long startNanos, List<String> notes) throws IOException {
        // The supervisor writes QEMU's status right after QEMU exits; give it a moment to finish.
        Processes.awaitExit(vm.record().supervisorPid(), 2000);
        vm.closeQmp();
        return new StopReport(
                vm.name(),
                step,
                Duration.ofNanos(System.nanoTime() - startNanos),
                vm.exitStatus().orElse(null),
                notes);
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }
}
