package io.kvmctl.vm;

import io.kvmctl.agent.GuestAddress;
import io.kvmctl.agent.GuestAgent;
import io.kvmctl.firmware.VmFirmware;
import io.kvmctl.net.NetworkState;
import io.kvmctl.net.NetworkStateStore;
import io.kvmctl.qemu.Sandbox;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.Replies;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What {@code kvmctl status} and {@code list} show about a VM.
 *
 * @param state QMP's run state ({@code running}, {@code paused}, {@code inmigrate}, ...), or {@code exited},
 *     or {@code unresponsive} when QEMU runs but its monitor does not answer, or for a runtime directory without a
 *     record {@code starting}, {@code interrupted} (its kvmctl was killed, QEMU runs) or, when nothing runs there,
 *     "stale"
 * @param accel the accelerator QEMU actually uses ({@code kvm} or {@code tcg}), null when unknown
 * @param machine the versioned machine type QEMU runs ({@code pc-q35-7.2}), null when unknown
 * @param exit how QEMU ended, null while it runs
 * @param detail a note for the user (why it is unresponsive, ...), or null
 * @param network port-forward mapping, taps kvmctl created, hot-added NICs ({@code net.json}); empty when none
 * @param qemuUser the user QEMU runs as ({@code kvmctl}; {@code root (run_as: root)} for the opt-out), null when
 *     QEMU is gone
 * @param sandbox the seccomp filter QEMU was started with, read from the recorded argv (not the profile, which may
 *     have changed since)
 * @param firmware the UEFI build and variables store QEMU runs, from the record; null for SeaBIOS
 * @param agent {@code answers} or {@code silent} for a VM started with {@code agent: true} ({@code silent} also when
 *     the guest is not running, so cannot answer), null without an agent channel
 * @param guestAddresses the guest's routable addresses as its agent reports them; empty when no agent answers
 */
public record VmStatus(
        String name,
        String state,
        int pid,
        Instant startedAt,
        Duration uptime,
        String accel,
        String qemuVersion,
        String machine,
        ExitStatus exit,
        String runtimeDir,
        String detail,
        NetworkState network,
        String qemuUser,
        Sandbox sandbox,
        VmFirmware firmware,
        String agent,
        List<GuestAddress> guestAddresses) {

    public VmStatus {
        guestAddresses = guestAddresses == null ? List.of() : List.copyOf(guestAddresses);
    }

    /** Without network facts; the sandbox is filled in by {@link #of}. */
    public VmStatus(
            String name,
            String state,
            int pid,
            Instant startedAt,
            Duration uptime,
            String accel,
            String qemuVersion,
            String machine,
            ExitStatus exit,
            String runtimeDir,
            String detail) {
        this(
                name,
                state,
                pid,
                startedAt,
                uptime,
                accel,
                qemuVersion,
                machine,
                exit,
                runtimeDir,
                detail,
                NetworkState.EMPTY,
                null,
                Sandbox.OFF,
                null,
                null,
                List.of());
    }

    VmStatus withNetwork(NetworkState state) {
        return new VmStatus(
                name,
                this.state,
                pid,
                startedAt,
                uptime,
                accel,
                qemuVersion,
                machine,
                exit,
                runtimeDir,
                detail,
                state,
                qemuUser,
                sandbox,
                firmware,
                agent,
                guestAddresses);
    }

    VmStatus withQemuUser(String user) {
        return new VmStatus(
                name,
                state,
                pid,
                startedAt,
                uptime,
                accel,
                qemuVersion,
                machine,
                exit,
                runtimeDir,
                detail,
                network,
                user,
                sandbox,
                firmware,
                agent,
                guestAddresses);
    }

    VmStatus withSandbox(Sandbox recorded) {
        return new VmStatus(
                name,
                state,
                pid,
                startedAt,
                uptime,
                accel,
                qemuVersion,
                machine,
                exit,
                runtimeDir,
                detail,
                network,
                qemuUser,
                recorded,
                firmware,
                agent,
                guestAddresses);
    }

    VmStatus withFirmware(VmFirmware recorded) {
        return new VmStatus(
                name,
                state,
                pid,
                startedAt,
                uptime,
                accel,
                qemuVersion,
                machine,
                exit,
                runtimeDir,
                detail,
                network,
                qemuUser,
                sandbox,
                recorded,
                agent,
                guestAddresses);
    }

    VmStatus withAgent(String answer, List<GuestAddress> addresses) {
        return new VmStatus(
                name,
                state,
                pid,
                startedAt,
                uptime,
                accel,
                qemuVersion,
                machine,
                exit,
                runtimeDir,
                detail,
                network,
                qemuUser,
                sandbox,
                firmware,
                answer,
                addresses);
    }

    /** One line: {@code bios}, or {@code uefi (OVMF_CODE_4M.fd)} (see {@link VmFirmware#describe}). */
    public String firmwareLine() {
        return firmware == null ? "bios" : firmware.describe();
    }

    static VmStatus of(Vm vm) {
        return of(vm, true);
    }

    static VmStatus of(Vm vm, boolean askAgent) {
        VmStatus status = withoutNetwork(vm)
                .withSandbox(Sandbox.recordedIn(vm.record().argv()))
                .withFirmware(vm.record().firmware());
        if (vm.isRunning()) {
            status = status.withQemuUser(QemuUserLabel.of(vm.record()).orElse(null));
        }
        if (askAgent && VmAgent.hasChannel(vm)) {
            status = withGuestAddresses(vm, status);
        }
        try {
            return status.withNetwork(NetworkStateStore.read(vm.directory().path()));
        } catch (java.io.IOException e) {
            return status;
        }
    }

    /**
     * The guest's addresses from its agent, asked only of a running guest (a paused one cannot answer, and would
     * cost the whole sync timeout) and within {@link VmAgent#SYNC_TIMEOUT} for each of the two requests.
     */
    private static VmStatus withGuestAddresses(Vm vm, VmStatus status) {
        if (!"running".equals(status.state())) {
            return status.withAgent("silent", List.of());
        }
        try (GuestAgent agent = VmAgent.connect(vm, VmAgent.SYNC_TIMEOUT)) {
            List<GuestAddress> routable = agent.addresses(VmAgent.SYNC_TIMEOUT).stream()
                    .filter(GuestAddress::routable)
                    .toList();
            return status.withAgent("answers", routable);
        } catch (IOException e) {
            return status.withAgent("silent", List.of());
        }
    }

    private static VmStatus withoutNetwork(Vm vm) {
        VmRecord r = vm.record();
        Duration uptime = Duration.between(r.startedAt(), Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        String dir = vm.directory().path().toString();
        if (vm.unrecorded() != null) {
            // Not asked over QMP: a QEMU that never got to its monitor would hold status for the connect timeout.
            return new VmStatus(
                    r.name(),
                    vm.unrecorded().label,
                    r.qemuPid(),
                    r.startedAt(),
                    vm.isRunning() ? uptime : null,
                    null,
                    null,
                    r.machine(),
                    vm.isRunning() ? null : vm.exitStatus().orElse(null),
                    dir,
                    UnrecordedVm.describe(vm, vm.unrecorded()));
        }
        if (!vm.isRunning()) {
            return new VmStatus(
                    r.name(),
                    "exited",
                    r.qemuPid(),
                    r.startedAt(),
                    null,
                    null,
                    null,
                    r.machine(),
                    vm.exitStatus().orElse(null),
                    dir,
                    "QEMU " + vm.exitDescription() + "; 'kvmctl logs " + r.name()
                            + " --qemu' shows what it said, 'kvmctl down " + r.name() + "' cleans up");
        }
        try {
            QmpClient qmp = vm.qmp();
            String state = Replies.string("query-status", qmp.execute("query-status"), "status");
            JsonNode kvm = qmp.execute("query-kvm");
            String accel = kvm.path("enabled").asBoolean(false) ? "kvm" : "tcg";
            var v = qmp.greeting().version();
            String version = v.major() + "." + v.minor() + "." + v.micro();
            return new VmStatus(
                    r.name(),
                    state,
                    r.qemuPid(),
                    r.startedAt(),
                    uptime,
                    accel,
                    version,
                    vm.machineType(),
                    null,
                    dir,
                    state.equals("postmigrate") ? migratedAway(r.name()) : migrationInProgress(qmp));
        } catch (IOException e) {
            return new VmStatus(
                    r.name(),
                    "unresponsive",
                    r.qemuPid(),
                    r.startedAt(),
                    uptime,
                    null,
                    null,
                    r.machine(),
                    null,
                    dir,
                    "QEMU runs but its monitor did not answer: " + e.getMessage());
        }
    }

    private static String migratedAway(String name) {
        return "the guest was migrated away from this QEMU, which stays paused; 'kvmctl migrate " + name
                + " --local' finishes a local migration whose kvmctl was interrupted, 'kvmctl down " + name
                + "' removes this QEMU";
    }

    /** A line about a migration this QEMU is sending or receiving, or null when there is none. */
    private static String migrationInProgress(QmpClient qmp) throws IOException {
        JsonNode m = qmp.execute("query-migrate");
        String status = m.path("status").asString("none");
        if (!java.util.Set.of(
                        "setup",
                        "active",
                        "postcopy-active",
                        "postcopy-paused",
                        "postcopy-recover",
                        "pre-switchover",
                        "device",
                        "cancelling")
                .contains(status)) {
            return null;
        }
        JsonNode ram = m.path("ram");
        if (!ram.has("total")) {
            return "migration " + status + " (this QEMU is receiving it, or it is setting up)";
        }
        return String.format(
                java.util.Locale.ROOT,
                "migration %s: %d of %d MiB sent, %d MiB left, pass %d, %.0f Mbit/s",
                status,
                ram.path("transferred").asLong(0) >> 20,
                ram.path("total").asLong(0) >> 20,
                ram.path("remaining").asLong(0) >> 20,
                ram.path("dirty-sync-count").asLong(0),
                ram.path("mbps").asDouble(0));
    }
}
