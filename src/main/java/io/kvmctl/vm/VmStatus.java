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
            return new VmStatus(r.name(), state, r.qemuPid(), r.startedAt(), uptime, accel, version, null, dir, null);
        } catch (IOException e) {
            return new VmStatus(r.name(), "unresponsive", r.qemuPid(), r.startedAt(), uptime, null, null, null, dir,
                    "QEMU runs but its monitor did not answer: " + e.getMessage());
        }
    }
}
