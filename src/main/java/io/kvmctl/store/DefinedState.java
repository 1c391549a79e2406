package io.kvmctl.store;

import io.kvmctl.vm.ExitStatus;
import io.kvmctl.vm.VmStatus;
import java.util.Optional;

/**
 * A defined VM's state in virsh's words: {@code shut off} when nothing runs, {@code crashed} when QEMU ended on
 * its own with a failure and {@code down} has not cleaned up yet, else what QEMU says ({@code running},
 * {@code paused}, ...).
 */
public final class DefinedState {
    public static final String SHUT_OFF = "shut off";
    public static final String CRASHED = "crashed";

    private DefinedState() {}

    /** The state from the VM's runtime status, absent when it has no runtime directory. */
    public static String of(Optional<VmStatus> runtime) {
        if (runtime.isEmpty()) {
            return SHUT_OFF;
        }
        VmStatus s = runtime.get();
        if ("exited".equals(s.state())) {
            return crashed(s.exit()) ? CRASHED : SHUT_OFF;
        }
        return s.state();
    }

    /** Whether QEMU's exit was a failure: killed by a signal or a non-zero status. */
    public static boolean crashed(ExitStatus exit) {
        return exit != null && (exit.killedBySignal() || exit.shellCode() != 0);
    }
}
