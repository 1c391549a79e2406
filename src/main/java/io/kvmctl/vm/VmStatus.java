package io.kvmctl.vm;

import io.kvmctl.net.NetworkState;
import io.kvmctl.net.NetworkStateStore;
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
 * @param network port-forward mapping, taps kvmctl created, hot-added NICs ({@code net.json}); empty when none
 */
public record VmStatus(String name, String state, int pid, Instant startedAt, Duration uptime, String accel,
        String qemuVersion, ExitStatus exit, String runtimeDir, String detail, NetworkState network) {

    /** Without network facts. */
    public VmStatus(String name, String state, int pid, Instant startedAt, Duration uptime, String accel,
            String qemuVersion, ExitStatus exit, String runtimeDir, String detail) {
        this(name, state, pid, startedAt, uptime, accel, qemuVersion, exit, runtimeDir, detail, NetworkState.EMPTY);
    }

    VmStatus withNetwork(NetworkState state) {
        return new VmStatus(name, this.state, pid, startedAt, uptime, accel, qemuVersion, exit, runtimeDir, detail,
                state);
    }

    static VmStatus of(Vm vm) {
        VmStatus status = withoutNetwork(vm);
        try {
            return status.withNetwork(NetworkStateStore.read(vm.directory().path()));
        } catch (java.io.IOException e) {
            return status;
        }
    }

    private static VmStatus withoutNetwork(Vm vm) {
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
