package io.kvmctl.vm;

import io.kvmctl.qmp.QmpClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * What {@code kvmctl status} and {@code list} show about a VM.
 *
 * @param state QMP's run state ({@code running}, {@code paused}, {@code inmigrate}, ...), or {@code exited},
 *     or {@code unresponsive} when QEMU runs but its monitor does not answer
 * @param accel the accelerator QEMU actually uses ({@code kvm} or {@code tcg}), null when unknown
 * @param exit how QEMU ended, null while it runs
 * @param detail a note for the user (why it is unresponsive, ...), or null
 */
public record VmStatus(String name, String state, int pid, Instant startedAt, Duration uptime, String accel,
        String qemuVersion, ExitStatus exit, String runtimeDir, String detail) {

    static VmStatus of(Vm vm) {
        VmRecord r = vm.record();
        Duration uptime = Duration.between(r.startedAt(), Instant.now()).withNanos(0);
        String dir = vm.directory().path().toString();
        if (!vm.isRunning()) {
            return new VmStatus(r.name(), "exited", r.qemuPid(), r.startedAt(), null, null, null,
                    vm.exitStatus().orElse(null), dir, "QEMU " + vm.exitDescription() + "; 'kvmctl logs "
                            + r.name() + " --qemu' shows what it said, 'kvmctl down " + r.name() + "' cleans up");
        }
        try {
            QmpClient qmp = vm.qmp();
            String state = qmp.execute("query-status").path("status").asString();
            JsonNode kvm = qmp.execute("query-kvm");
            String accel = kvm.path("enabled").asBoolean(false) ? "kvm" : "tcg";
            var v = qmp.greeting().version();
            String version = v.major() + "." + v.minor() + "." + v.micro();
            return new VmStatus(r.name(), state, r.qemuPid(), r.startedAt(), uptime, accel, version, null, dir,
                    migrationInProgress(qmp));
        } catch (IOException e) {
            return new VmStatus(r.name(), "unresponsive", r.qemuPid(), r.startedAt(), uptime, null, null, null, dir,
                    "QEMU runs but its monitor did not answer: " + e.getMessage());
        }
    }

    /** A line about a migration this QEMU is sending or receiving, or null when there is none. */
    private static String migrationInProgress(QmpClient qmp) throws IOException {
        JsonNode m = qmp.execute("query-migrate");
        String status = m.path("status").asString("none");
        if (!java.util.Set.of("setup", "active", "postcopy-active", "postcopy-paused", "postcopy-recover",
                "pre-switchover", "device", "cancelling").contains(status)) {
            return null;
        }
        JsonNode ram = m.path("ram");
        if (!ram.has("total")) {
            return "migration " + status + " (this QEMU is receiving it, or it is setting up)";
        }
        return String.format(java.util.Locale.ROOT, "migration %s: %d of %d MiB sent, %d MiB left, pass %d, %.0f Mbit/s",
                status, ram.path("transferred").asLong(0) >> 20, ram.path("total").asLong(0) >> 20,
                ram.path("remaining").asLong(0) >> 20, ram.path("dirty-sync-count").asLong(0),
                ram.path("mbps").asDouble(0));
    }
}
