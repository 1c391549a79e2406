package io.kvmctl.migrate;

import io.kvmctl.qmp.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The capabilities and parameters to set on one end of a migration, computed from the options and from what the
 * running QEMU says it supports ({@code query-migrate-capabilities}, the arguments of
 * {@code migrate-set-parameters} in {@code query-qmp-schema}). Pure, so every refusal message is unit-tested.
 *
 * @param capabilities capability name -> state, in the order to send
 * @param parameters the {@code migrate-set-parameters} arguments (may be empty)
 */
public record MigrationSetup(Map<String, Boolean> capabilities, ObjectNode parameters) {
    /**
     * "No limit" for {@code max-bandwidth}: QEMU wants a number, so kvmctl sends what libvirt sends for an
     * unlimited migration (INT64_MAX rounded down to whole MiB). QEMU's own default is 128 MiB/s since 5.2.
     */
    public static final long UNLIMITED_BANDWIDTH = (Long.MAX_VALUE >> 20) << 20;
    /** The tls-creds object kvmctl adds to both ends for {@code --tls}. */
    public static final String TLS_OBJECT_ID = "kvmctl-migration-tls";
    /**
     * QEMU leaves RAM blocks that are shared memory out of the stream: for a local migration whose destination
     * maps the same memory. Left on in a QEMU, a later migration to another host would leave the guest's RAM behind,
     * so it is turned off again whenever it is not asked for ({@link #withLeftoversOff}).
     */
    public static final String IGNORE_SHARED = "x-ignore-shared";

    /** The capabilities {@link #plan} turns on only for an option; {@link #withLeftoversOff} turns them off. */
    static final Set<String> ON_REQUEST =
            Set.of("auto-converge", "xbzrle", "postcopy-ram", "multifd", "compress", IGNORE_SHARED);

    /**
     * Checks the options against what this QEMU supports and turns them into capabilities and parameters.
     *
     * @param supportedCapabilities what {@code query-migrate-capabilities} lists
     * @param supportedParameters the argument names of {@code migrate-set-parameters}; empty when unknown (then
     *     QEMU's own error is the check)
     */
    public static MigrationSetup plan(
            MigrationOptions options,
            MigrationSide side,
            Set<String> supportedCapabilities,
            Optional<Set<String>> supportedParameters,
            String qemuVersion)
            throws MigrationException {
        return plan(options, side, supportedCapabilities, supportedParameters, qemuVersion, false);
    }

    /**
     * Like the plan above; with {@code sharedMemory}, both ends map the same guest memory and QEMU must leave it out
     * of the stream ({@value #IGNORE_SHARED}), or the migration is refused.
     */
    public static MigrationSetup plan(
            MigrationOptions options,
            MigrationSide side,
            Set<String> supportedCapabilities,
            Optional<Set<String>> supportedParameters,
            String qemuVersion,
            boolean sharedMemory)
            throws MigrationException {
        Map<String, Boolean> caps = new LinkedHashMap<>();
        ObjectNode params = Json.object();
        List<String> missing = new ArrayList<>();
        boolean source = side == MigrationSide.SOURCE;
        if (sharedMemory) {
            require(caps, supportedCapabilities, IGNORE_SHARED, "a migration that shares guest memory", missing);
        }

        if (source) {
            // MIGRATION events let the monitor react at once; return-path makes "completed" mean that the
            // destination has loaded the whole state (it reports a failed load back to the source).
            optional(caps, supportedCapabilities, "events");
            optional(caps, supportedCapabilities, "return-path");
            params.put("max-bandwidth", options.maxBandwidth().orElse(UNLIMITED_BANDWIDTH));
            if (options.downtimeLimit().isPresent()) {
                params.put("downtime-limit", options.downtimeLimit().get().toMillis());
            } else if (supportedParameters
                    .map(p -> p.contains("downtime-limit"))
                    .orElse(true)) {
                // kvmctl's own target, sent only where the QEMU has the parameter: it is not the user's demand.
                params.put("downtime-limit", MigrationOptions.DEFAULT_DOWNTIME.toMillis());
            }
            if (options.autoConverge()) {
                require(caps, supportedCapabilities, "auto-converge", "--auto-converge", missing);
            }
            if (options.xbzrle()) {
                require(caps, supportedCapabilities, "xbzrle", "--xbzrle", missing);
            }
        }
        if (options.postcopy()) {
            require(caps, supportedCapabilities, "postcopy-ram", "--postcopy", missing);
        }
        if (options.multifdChannels().isPresent()) {
            require(caps, supportedCapabilities, "multifd", "--multifd", missing);
            params.put("multifd-channels", options.multifdChannels().getAsInt());
        }
        if (options.compress()) {
            // Two mechanisms: zlib inside multifd (QEMU >= 5.0) and the older 'compress' capability (gone in 9.1),
            // which QEMU refuses to combine with multifd.
            boolean multifd = options.multifdChannels().isPresent();
            if (multifd
                    && supportedParameters
                            .map(p -> p.contains("multifd-compression"))
                            .orElse(false)) {
                params.put("multifd-compression", "zlib");
            } else if (!multifd && supportedCapabilities.contains("compress")) {
                caps.put("compress", true);
            } else if (multifd) {
                missing.add("--compress with --multifd: QEMU " + qemuVersion + " has no 'multifd-compression' "
                        + "parameter (and its 'compress' capability does not work with multifd); drop one of them");
            } else {
                missing.add("--compress: QEMU " + qemuVersion + " has no 'compress' capability (QEMU 9.1 removed "
                        + "it); use --compress together with --multifd N, which compresses with zlib over multifd");
            }
        }
        if (options.tlsCredsDir().isPresent()) {
            params.put("tls-creds", TLS_OBJECT_ID);
        }
        if (!missing.isEmpty()) {
            throw new MigrationException("the " + side.name().toLowerCase(java.util.Locale.ROOT) + " QEMU ("
                    + qemuVersion + ") does not support " + String.join("; ", missing));
        }
        if (supportedParameters.isPresent()) {
            List<String> unknown = new ArrayList<>();
            params.propertyNames().forEach(name -> {
                if (!supportedParameters.get().contains(name)) {
                    unknown.add(name);
                }
            });
            if (!unknown.isEmpty()) {
                throw new MigrationException("the " + side.name().toLowerCase(java.util.Locale.ROOT) + " QEMU ("
                        + qemuVersion + ") has no migration parameter " + String.join(", ", unknown)
                        + " (the option that sets it is not available with this QEMU)");
            }
        }
        return new MigrationSetup(caps, params);
    }

    /**
     * This setup plus "off" for each capability kvmctl sets only on request that is on in this QEMU but not asked
     * for now. A QEMU keeps its capabilities: the destination of a {@code --postcopy} migration runs on with
     * postcopy-ram on, and without this its next migration would be a postcopy-capable one nobody asked for.
     */
    public MigrationSetup withLeftoversOff(Set<String> enabledNow) {
        Map<String, Boolean> caps = new LinkedHashMap<>();
        for (String c : enabledNow) {
            if (ON_REQUEST.contains(c) && !capabilities.containsKey(c)) {
                caps.put(c, false);
            }
        }
        caps.putAll(capabilities);
        return new MigrationSetup(caps, parameters);
    }

    private static void optional(Map<String, Boolean> caps, Set<String> supported, String name) {
        if (supported.contains(name)) {
            caps.put(name, true);
        }
    }

    private static void require(
            Map<String, Boolean> caps, Set<String> supported, String name, String option, List<String> missing) {
        if (supported.contains(name)) {
            caps.put(name, true);
        } else {
            missing.add(option + " (no '" + name + "' migration capability)");
        }
    }

    /**
     * Refuses what is known to lose the guest. QEMU 7.2 under TCG with auto-converge corrupted the guest's memory
     * in every run of kvmctl's DirtyGuestMigrationIT (4 of 4: list_add corruption, page faults, panic right after
     * the switch-over), while QEMU 10.0 passed; versions in between were not tried, so they are refused as well.
     */
    public static void refuseKnownBadCombination(
            MigrationOptions options, int qemuMajor, boolean tcg, String qemuVersion) throws MigrationException {
        if (options.autoConverge() && tcg && qemuMajor < 10) {
            throw new MigrationException("--auto-converge is refused for this TCG guest on QEMU " + qemuVersion
                    + ": QEMU 7.2 corrupted the guest's memory in kvmctl's tests (QEMU 10.0 did not); use --postcopy, "
                    + "or a QEMU >= 10 (scripts/fetch-qemu10 and the profile's qemu: field)");
        }
    }
}
