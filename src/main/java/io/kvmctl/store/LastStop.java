package io.kvmctl.store;

import io.kvmctl.vm.StopReport;
import io.kvmctl.vm.StopStep;
import java.time.Instant;

/**
 * How a defined VM last stopped, kept in its folder ({@code last-stop.json}) because the runtime directory that
 * knew it goes at {@code down}: {@code kvmctl info} shows it, and it tells a VM that crashed from one shut down.
 *
 * @param how the stop step's description (e.g. "the guest powered off after the ACPI power button")
 * @param qemuExit QEMU's exit as {@code ExitStatus.describe()} says it, or null when unknown
 * @param crashed whether QEMU ended on its own with a failure (a signal or a non-zero status) rather than by kvmctl
 */
public record LastStop(Instant at, String how, String qemuExit, boolean crashed) {
    static final String FILE = "last-stop.json";

    /** The stop {@code report} describes, as of now. */
    public static LastStop of(StopReport report) {
        return new LastStop(
                Instant.now(),
                report.step().description(),
                report.exitStatus() == null ? null : report.exitStatus().describe(),
                report.step() == StopStep.ALREADY_STOPPED && DefinedState.crashed(report.exitStatus()));
    }
}
