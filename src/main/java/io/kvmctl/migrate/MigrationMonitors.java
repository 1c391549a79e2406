package io.kvmctl.migrate;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Which QMP monitor a migration uses. A migration is a long session, so it takes the VM's user monitor and leaves
 * the control monitor to {@code kvmctl status} and {@code down}, which keep answering meanwhile (QEMU serves one
 * client per monitor).
 */
final class MigrationMonitors {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private MigrationMonitors() {}

    static QmpClient connect(Vm vm) throws IOException {
        Path socket = vm.userMonitorSocket(); // a QEMU that has exited is said so plainly, not as a busy monitor
        try {
            return QmpClient.connect(socket, CONNECT_TIMEOUT);
        } catch (IOException e) {
            throw new MigrationException(
                    "could not use the user monitor of VM " + vm.name() + " (" + e.getMessage()
                            + "); is a QMP shell, 'events --follow' or another migration holding it?",
                    e);
        }
    }
}
