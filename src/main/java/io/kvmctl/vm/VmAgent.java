package io.kvmctl.vm;

import io.kvmctl.agent.GuestAgent;
import io.kvmctl.agent.GuestAgentException;
import io.kvmctl.qemu.AgentArgs;
import java.io.IOException;
import java.time.Duration;

/**
 * Reaching a VM's guest agent: only through the channel its argv had when it started (the profile may have changed
 * since), and only for a QEMU that runs. A guest that does not answer costs the sync timeout and no more.
 */
final class VmAgent {
    /**
     * How long the first sync may take. Long enough for a loaded TCG guest (qemu-ga answers in milliseconds when it
     * runs), short enough that {@code status} or {@code list} of a guest without one stays quick.
     */
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(1);

    private VmAgent() {}

    /** Whether the VM was started with {@code agent: true}. */
    static boolean hasChannel(Vm vm) {
        return AgentArgs.recordedIn(vm.record().argv());
    }

    static GuestAgent connect(Vm vm, Duration syncTimeout) throws IOException {
        if (!hasChannel(vm)) {
            throw new GuestAgentException("VM " + vm.name() + " has no guest agent channel: its profile did not "
                    + "say 'agent: true' when it started (add it and restart the VM)");
        }
        if (!vm.isRunning()) {
            throw new GuestAgentException(
                    "VM " + vm.name() + " is not running (QEMU " + vm.exitDescription() + "): no guest agent to ask");
        }
        try {
            return GuestAgent.connect(vm.directory().agentSocket(), syncTimeout);
        } catch (GuestAgentException e) {
            throw new GuestAgentException("VM " + vm.name() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new GuestAgentException(
                    "VM " + vm.name() + ": cannot reach its guest agent channel (" + e.getMessage() + ")", e);
        }
    }
}
