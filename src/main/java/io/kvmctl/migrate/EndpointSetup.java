package io.kvmctl.migrate;

import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpException;
import io.kvmctl.qmp.Replies;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Asks one QEMU what it supports, plans its side ({@link MigrationSetup}) and applies it over QMP. */
public final class EndpointSetup {
    private EndpointSetup() {}

    public static MigrationSetup apply(QmpClient qmp, MigrationOptions options, MigrationSide side) throws IOException {
        return apply(qmp, options, side, 0);
    }

    /**
     * Sets up one end of a migration.
     *
     * @param qemuPid the QEMU's pid, which tells whose user reads the TLS credentials; 0 when unknown (they are
     *     then given as they are)
     */
    static MigrationSetup apply(QmpClient qmp, MigrationOptions options, MigrationSide side, int qemuPid)
            throws IOException {
        return apply(qmp, options, side, qemuPid, false);
    }

    /** Like the above; {@code sharedMemory}: both ends map the same guest memory, which stays out of the stream. */
    static MigrationSetup apply(
            QmpClient qmp, MigrationOptions options, MigrationSide side, int qemuPid, boolean sharedMemory)
            throws IOException {
        Set<String> capabilities = new LinkedHashSet<>();
        Set<String> enabledNow = new LinkedHashSet<>();
        for (JsonNode c : qmp.execute("query-migrate-capabilities")) {
            String capability = Replies.string("query-migrate-capabilities", c, "capability");
            capabilities.add(capability);
            if (Replies.boolOr(c.path("state"), false)) {
                enabledNow.add(capability);
            }
        }
        Optional<Set<String>> parameters;
        try {
            parameters = qmp.schema().argumentNames("migrate-set-parameters");
        } catch (QmpException e) {
            parameters = Optional.empty(); // no introspection: QEMU's own error on the set is the check
        }
        var v = qmp.greeting().version();
        String version = v.major() + "." + v.minor() + "." + v.micro();
        if (side == MigrationSide.SOURCE && options.autoConverge()) {
            boolean tcg = !qmp.execute("query-kvm").path("enabled").asBoolean(false);
            MigrationSetup.refuseKnownBadCombination(options, v.major(), tcg, version);
        }
        MigrationSetup setup = MigrationSetup.plan(options, side, capabilities, parameters, version, sharedMemory)
                .withLeftoversOff(enabledNow);
        if (options.tlsCredsDir().isPresent()) {
            if (qemuPid == 0) {
                addTlsCredentials(qmp, options.tlsCredsDir().get().toString(), side);
            } else {
                try (StagedTlsCredentials creds =
                        StagedTlsCredentials.forQemu(options.tlsCredsDir().get(), qemuPid)) {
                    addTlsCredentials(qmp, creds.dir().toString(), side);
                }
            }
        }
        try {
            if (!setup.capabilities().isEmpty()) {
                new QmpCommands(qmp).migrateSetCapabilities(setup.capabilities());
            }
            if (!setup.parameters().isEmpty()) {
                new QmpCommands(qmp).migrateSetParameters(setup.parameters());
            }
        } catch (QmpException e) {
            throw new MigrationException(
                    "the " + side.name().toLowerCase(java.util.Locale.ROOT)
                            + " QEMU refused the migration settings " + setup.capabilities() + " " + setup.parameters()
                            + ": "
                            + e.getMessage()
                            + postcopyHint(e),
                    e);
        }
        return setup;
    }

    /** Whether this QEMU can leave shared guest memory out of a migration stream (what its capabilities list). */
    static boolean leavesSharedMemoryOut(QmpClient qmp) throws IOException {
        for (JsonNode c : qmp.execute("query-migrate-capabilities")) {
            if (MigrationSetup.IGNORE_SHARED.equals(Replies.string("query-migrate-capabilities", c, "capability"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * QEMU's "Postcopy is not supported" mostly means the kernel refused it userfaultfd: since Linux 5.11 only
     * privileged processes get one unless {@code vm.unprivileged_userfaultfd=1}, and kvmctl runs QEMU as the
     * unprivileged {@code kvmctl} user (run_as) when it is root.
     */
    static String postcopyHint(QmpException e) {
        if (e.getMessage() == null || !e.getMessage().contains("Postcopy is not supported")) {
            return "";
        }
        return " (postcopy needs userfaultfd, which the kernel gives an unprivileged QEMU only with sysctl"
                + " vm.unprivileged_userfaultfd=1: migrate without --postcopy, or run this VM with 'run_as: root')";
    }

    private static void addTlsCredentials(QmpClient qmp, String dir, MigrationSide side) throws IOException {
        try {
            qmp.execute("object-del", Json.object().put("id", MigrationSetup.TLS_OBJECT_ID));
        } catch (QmpException absent) {
            // first migration of this QEMU: nothing to replace
        }
        try {
            qmp.execute(
                    "object-add",
                    Json.object()
                            .put("qom-type", "tls-creds-x509")
                            .put("id", MigrationSetup.TLS_OBJECT_ID)
                            .put("dir", dir)
                            .put("endpoint", side == MigrationSide.SOURCE ? "client" : "server")
                            .put("verify-peer", true));
        } catch (QmpException e) {
            throw new MigrationException(
                    "--tls: the " + side.name().toLowerCase(java.util.Locale.ROOT)
                            + " QEMU could not load x509 credentials from " + dir + " (it needs ca-cert.pem and "
                            + (side == MigrationSide.SOURCE
                                    ? "client-cert.pem, client-key.pem"
                                    : "server-cert.pem, server-key.pem")
                            + "): " + e.getMessage(),
                    e);
        }
    }
}
