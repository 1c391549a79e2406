package io.kvmctl.vm;

import java.io.IOException;
import java.nio.file.Path;

/** Finds the QMP socket of a VM by name, for the QMP commands' {@code VM} argument. */
public final class VmSockets {
    private VmSockets() {}

    /**
     * The user monitor of VM {@code name}: the QMP socket meant for long sessions (shells, event streams,
     * scripts), so {@code kvmctl status} and {@code down} keep working on kvmctl's own monitor meanwhile.
     */
    public static Path qmpSocketOf(String name) throws IOException {
        try (Vm vm = Vm.attach(RuntimeRoot.fromEnvironment(), name)) {
            if (!vm.isRunning()) {
                throw new IOException("VM " + name + " is not running (QEMU "
                        + vm.exitStatus().map(s -> s.describe()).orElse("has exited") + ")");
            }
            return vm.directory().userMonitorSocket();
        }
    }
}
