package io.kvmctl.migrate;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpOptions;
import io.kvmctl.vm.MonitorBusyException;
import io.kvmctl.vm.MonitorConnector;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Which QMP monitor a migration uses. A migration is a long session, so it takes the first free of the session
 * monitors (the user monitor, then the starter's) and leaves the control monitor to {@code kvmctl status} and
 * {@code down}, which keep answering meanwhile (QEMU serves one client per monitor). A client already on the user
 * monitor ({@code kvmctl web} keeps one per VM it shows, a {@code qmp-shell}) is stepped around, not waited for.
 */
final class MigrationMonitors {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private MigrationMonitors() {}

    static QmpClient connect(Vm vm) throws IOException {
        List<Path> monitors = vm.sessionMonitors(); // a QEMU that has exited is said so plainly, not as busy
        try {
            return MonitorConnector.connect(monitors, QmpOptions.defaults().withConnectTimeout(CONNECT_TIMEOUT));
        } catch (MonitorBusyException e) {
            throw new MigrationException("cannot migrate VM " + vm.name() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MigrationException(
                    "could not use the user monitor of VM " + vm.name() + " (" + e.getMessage()
                            + "); is a QMP shell, 'events --follow' or another migration holding it?",
                    e);
        }
    }
}
