package io.kvmctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MigrationSetupTest {
    /** What QEMU 7.2 lists in query-migrate-capabilities (abridged). */
    static final Set<String> CAPS_7_2 = Set.of(
            "xbzrle",
            "rdma-pin-all",
            "auto-converge",
            "zero-blocks",
            "compress",
            "events",
            "postcopy-ram",
            "x-colo",
            "release-ram",
            "return-path",
            "pause-before-switchover",
            "multifd",
            "dirty-bitmaps",
            "postcopy-blocktime",
            "late-block-activate",
            "x-ignore-shared",
            "validate-uuid",
            "background-snapshot",
            "zero-copy-send",
            "postcopy-preempt");
    /** QEMU 10 dropped compress. */
    static final Set<String> CAPS_10 =
            Set.of("xbzrle", "auto-converge", "events", "postcopy-ram", "return-path", "multifd", "validate-uuid");

    static final Optional<Set<String>> PARAMS = Optional.of(Set.of(
            "max-bandwidth",
            "downtime-limit",
            "multifd-channels",
            "tls-creds",
            "multifd-compression",
            "xbzrle-cache-size"));

    @Test
    void liftsQemusBandwidthLimitByDefault() throws Exception {
        MigrationSetup s =
                MigrationSetup.plan(MigrationOptions.defaults(), MigrationSide.SOURCE, CAPS_7_2, PARAMS, "7.2.22");
        assertEquals(
                MigrationSetup.UNLIMITED_BANDWIDTH,
                s.parameters().path("max-bandwidth").asLong());
        assertTrue(MigrationSetup.UNLIMITED_BANDWIDTH > 1L << 50, "far above any real link");
        assertEquals(Map.of("events", true, "return-path", true), s.capabilities());
    }

    @Test
    void sendsExplicitBandwidthAndDowntimeOnTheSourceOnly() throws Exception {
        MigrationOptions o =
                MigrationOptions.defaults().withMaxBandwidth(32L << 20).withDowntimeLimit(Duration.ofMillis(50));
        MigrationSetup src = MigrationSetup.plan(o, MigrationSide.SOURCE, CAPS_7_2, PARAMS, "7.2.22");
        assertEquals(32L << 20, src.parameters().path("max-bandwidth").asLong());
        assertEquals(50, src.parameters().path("downtime-limit").asLong());
        MigrationSetup dst = MigrationSetup.plan(o, MigrationSide.DESTINATION, CAPS_7_2, PARAMS, "7.2.22");
        assertTrue(dst.parameters().isEmpty());
        assertTrue(dst.capabilities().isEmpty());
    }

    @Test
    void turnsOffCapabilitiesAnEarlierMigrationLeftOnUnlessAskedAgain() throws Exception {
        Set<String> leftOn = Set.of("events", "postcopy-ram", "multifd", "auto-converge");
        MigrationSetup plain = MigrationSetup.plan(
                        MigrationOptions.defaults(), MigrationSide.SOURCE, CAPS_7_2, PARAMS, "7.2.22")
                .withLeftoversOff(leftOn);
        assertEquals(
                Map.of(
                        "events",
                        true,
                        "return-path",
                        true,
                        "postcopy-ram",
                        false,
                        "multifd",
                        false,
                        "auto-converge",
                        false),
                plain.capabilities());
        MigrationSetup again = MigrationSetup.plan(
                        MigrationOptions.defaults().withPostcopy(OptionalInt.empty()),
                        MigrationSide.DESTINATION,
                        CAPS_7_2,
                        PARAMS,
                        "7.2.22")
                .withLeftoversOff(leftOn);
        assertEquals(Map.of("postcopy-ram", true, "multifd", false, "auto-converge", false), again.capabilities());
    }

    @Test
    void postcopyAndMultifdAreSetOnBothEnds() throws Exception {
        MigrationOptions o =
                MigrationOptions.defaults().withPostcopy(OptionalInt.of(2)).withMultifd(4);
        for (MigrationSide side : MigrationSide.values()) {
            MigrationSetup s = MigrationSetup.plan(o, side, CAPS_7_2, PARAMS, "7.2.22");
            assertEquals(true, s.capabilities().get("postcopy-ram"), side.name());
            assertEquals(true, s.capabilities().get("multifd"), side.name());
            assertEquals(4, s.parameters().path("multifd-channels").asInt(), side.name());
        }
    }

    @Test
    void autoConvergeAndXbzrleAreSourceCapabilities() throws Exception {
        MigrationOptions o = MigrationOptions.defaults().withAutoConverge().withXbzrle();
        assertEquals(
                true,
                MigrationSetup.plan(o, MigrationSide.SOURCE, CAPS_7_2, PARAMS, "7.2.22")
                        .capabilities()
                        .get("auto-converge"));
        assertFalse(MigrationSetup.plan(o, MigrationSide.DESTINATION, CAPS_7_2, PARAMS, "7.2.22")
                .capabilities()
                .containsKey("auto-converge"));
    }

    @Test
    void refusesAMissingCapabilityNamingTheOption() {
        MigrationOptions o = MigrationOptions.defaults().withAutoConverge();
        MigrationException e = assertThrows(
                MigrationException.class,
                () -> MigrationSetup.plan(o, MigrationSide.SOURCE, Set.of("events"), PARAMS, "4.0.0"));
        assertEquals(
                "the source QEMU (4.0.0) does not support --auto-converge (no 'auto-converge' migration "
                        + "capability)",
                e.getMessage());
    }

    @Test
    void compressUsesTheCapabilityWhereQemuStillHasIt() throws Exception {
        MigrationSetup s = MigrationSetup.plan(
                MigrationOptions.defaults().withCompress(), MigrationSide.SOURCE, CAPS_7_2, PARAMS, "7.2.22");
        assertEquals(true, s.capabilities().get("compress"));
    }

    @Test
    void compressFallsBackToZlibOverMultifdOnNewQemu() throws Exception {
        MigrationSetup s = MigrationSetup.plan(
                MigrationOptions.defaults().withCompress().withMultifd(2),
                MigrationSide.SOURCE,
                CAPS_10,
                PARAMS,
                "10.0.0");
        assertEquals("zlib", s.parameters().path("multifd-compression").asString());
        assertFalse(s.capabilities().containsKey("compress"));
    }

    @Test
    void compressWithMultifdUsesZlibEvenWhereTheCapabilityExists() throws Exception {
        // QEMU 7.2 has both, but refuses "Multifd is not compatible with compress".
        MigrationSetup s = MigrationSetup.plan(
                MigrationOptions.defaults().withCompress().withMultifd(2),
                MigrationSide.SOURCE,
                CAPS_7_2,
                PARAMS,
                "7.2.0");
        assertEquals("zlib", s.parameters().path("multifd-compression").asString());
        assertFalse(s.capabilities().containsKey("compress"));
    }

    @Test
    void compressWithoutMultifdOnNewQemuExplainsTheWayOut() {
        MigrationException e = assertThrows(
                MigrationException.class,
                () -> MigrationSetup.plan(
                        MigrationOptions.defaults().withCompress(), MigrationSide.SOURCE, CAPS_10, PARAMS, "10.0.0"));
        assertTrue(e.getMessage().contains("QEMU 9.1 removed it"), e.getMessage());
        assertTrue(e.getMessage().contains("--multifd N"), e.getMessage());
    }

    @Test
    void refusesAParameterTheSchemaDoesNotList() {
        MigrationException e = assertThrows(
                MigrationException.class,
                () -> MigrationSetup.plan(
                        MigrationOptions.defaults().withMultifd(2),
                        MigrationSide.SOURCE,
                        CAPS_7_2,
                        Optional.of(Set.of("max-bandwidth")),
                        "3.1.0"));
        assertTrue(e.getMessage().contains("no migration parameter multifd-channels"), e.getMessage());
    }

    @Test
    void tlsPointsBothEndsAtKvmctlsCredentialsObject() throws Exception {
        MigrationOptions o = MigrationOptions.defaults().withTls(Path.of("/etc/pki/qemu"));
        for (MigrationSide side : MigrationSide.values()) {
            assertEquals(
                    MigrationSetup.TLS_OBJECT_ID,
                    MigrationSetup.plan(o, side, CAPS_7_2, PARAMS, "7.2.22")
                            .parameters()
                            .path("tls-creds")
                            .asString());
        }
    }

    @Test
    void optionsRefuseNonsense() {
        assertThrows(
                IllegalArgumentException.class,
                () -> MigrationOptions.defaults().withMultifd(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> MigrationOptions.defaults().withMaxBandwidth(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> MigrationOptions.defaults().withMaxIterations(0));
    }

    @Test
    void autoConvergeIsRefusedForTcgGuestsOnQemuSevenButNotOnKvmOrQemuTen() throws Exception {
        MigrationOptions o = MigrationOptions.defaults().withAutoConverge();
        MigrationException e = assertThrows(
                MigrationException.class, () -> MigrationSetup.refuseKnownBadCombination(o, 7, true, "7.2.22"));
        assertTrue(e.getMessage().contains("use --postcopy"), e.getMessage());
        MigrationSetup.refuseKnownBadCombination(o, 7, false, "7.2.22");
        MigrationSetup.refuseKnownBadCombination(o, 10, true, "10.0.2");
        MigrationSetup.refuseKnownBadCombination(MigrationOptions.defaults(), 7, true, "7.2.22");
    }

    @Test
    void sharedMemoryAsksBothEndsToLeaveItOutAndIsRefusedWithoutTheCapability() throws Exception {
        for (MigrationSide side : MigrationSide.values()) {
            MigrationSetup s = MigrationSetup.plan(MigrationOptions.defaults(), side, CAPS_7_2, PARAMS, "7.2.22", true);
            assertEquals(true, s.capabilities().get(MigrationSetup.IGNORE_SHARED), side.name());
        }
        MigrationException e = assertThrows(
                MigrationException.class,
                () -> MigrationSetup.plan(
                        MigrationOptions.defaults(), MigrationSide.DESTINATION, CAPS_10, PARAMS, "10.0.2", true));
        assertTrue(e.getMessage().contains("no 'x-ignore-shared' migration capability"), e.getMessage());
    }

    @Test
    void aLaterCopyingMigrationTurnsIgnoreSharedOffAgain() throws Exception {
        MigrationSetup copying = MigrationSetup.plan(
                        MigrationOptions.defaults(), MigrationSide.SOURCE, CAPS_7_2, PARAMS, "7.2.22")
                .withLeftoversOff(Set.of("events", MigrationSetup.IGNORE_SHARED));
        assertEquals(false, copying.capabilities().get(MigrationSetup.IGNORE_SHARED));
    }

    @Test
    void ramCopyOptionsAreNamedAndDroppedForAHandOver() {
        MigrationOptions o =
                MigrationOptions.defaults().withMultifd(2).withXbzrle().withMaxBandwidth(1 << 20);
        assertEquals(java.util.List.of("--multifd", "--xbzrle"), o.ramCopyOptions());
        MigrationOptions handOver = o.withoutRamCopyOptions();
        assertEquals(java.util.List.of(), handOver.ramCopyOptions());
        assertEquals(OptionalInt.empty(), handOver.multifdChannels());
        assertEquals(o.maxBandwidth(), handOver.maxBandwidth());
    }
}
