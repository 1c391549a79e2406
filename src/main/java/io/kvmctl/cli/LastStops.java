package io.kvmctl.cli;

import io.kvmctl.store.LastStop;
import io.kvmctl.store.VmDefinitions;
import io.kvmctl.vm.StopReport;
import java.io.IOException;

/** Keeps how a defined VM stopped, for {@code info}; the VM is down either way, so a failure is only a note. */
final class LastStops {
    private LastStops() {}

    /** Records {@code report} when its VM is defined; null, or what could not be recorded and why. */
    static String record(StopReport report) {
        try {
            VmDefinitions.fromEnvironment().recordStop(report.name(), LastStop.of(report));
            return null;
        } catch (IOException | RuntimeException e) {
            return "could not keep how VM " + report.name() + " stopped for 'kvmctl info': " + e.getMessage();
        }
    }
}
