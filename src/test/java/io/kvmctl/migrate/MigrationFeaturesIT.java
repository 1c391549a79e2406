package io.kvmctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.Vm;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The migration options that change what goes over the wire, each in a real migration over loopback TCP from a
 * source VM to a destination VM started with {@code -incoming defer} (as between two hosts): TLS with x509
 * certificates (and a client from another CA refused), XBZRLE on a guest that re-dirties its RAM, multifd with
 * compression. In every completed case the guest's heartbeat goes on at the destination without a reboot.
 */
class MigrationFeaturesIT {
    static final Duration BOOT = Duration.ofSeconds(90);
    static final Duration BEAT = Duration.ofSeconds(30);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();

    @Test
    void tlsWithCertificatesOfOneCaCompletes() throws Exception {
        Path creds = TlsCertificates.create(tmp.resolve("pki"), "kvmctl test CA");
        MigrationOptions tls = MigrationOptions.defaults().withTls(creds);
        Vm source = startSource("ts", "");
        try (SerialConsole console = source.console()) {
            MigrationGuests.awaitAbove(console, 2, BOOT);
            String uri = startDestination("ts", "ts-dst", tls);
            try (QmpClient qmp = QmpClient.connect(vms.root().vm("ts-dst").userMonitorSocket(), BEAT)) {
                assertEquals(
                        MigrationSetup.TLS_OBJECT_ID,
                        qmp.execute("query-migrate-parameters")
                                .path("tls-creds")
                                .asString(),
                        "the destination listens with kvmctl's TLS credentials");
            }
            MigrationResult r = Migration.of(source).withOptions(tls).to(uri);
            assertEquals(MigrationOutcome.COMPLETED, r.outcome(), r.explanation());
            checkGuestMovedTo("ts-dst", MigrationGuests.last(console));
        }
        assertNoPrivateKeyIn(creds.resolve("server-key.pem"), vms.root().path());
        assertNoPrivateKeyIn(creds.resolve("client-key.pem"), vms.root().path());
    }

    /** kvmctl hands QEMU the credentials directory only: no key material in runtime files, logs or records. */
    private static void assertNoPrivateKeyIn(Path key, Path runtimeRoot) throws Exception {
        String body = Files.readAllLines(key).get(1); // the first base64 line after "-----BEGIN PRIVATE KEY-----"
        try (var files = Files.walk(runtimeRoot)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(
                        new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(body),
                        f + " contains key material from " + key);
            }
        }
    }

    @Test
    void tlsClientFromAnotherCaIsRefusedAndTheSourceRunsOn() throws Exception {
        Path serverSide = TlsCertificates.create(tmp.resolve("pki-a"), "CA of the destination");
        Path clientSide = TlsCertificates.create(tmp.resolve("pki-b"), "some other CA");
        Vm source = startSource("tr", "");
        try (SerialConsole console = source.console()) {
            long beat = MigrationGuests.awaitAbove(console, 2, BOOT);
            String uri =
                    startDestination("tr", "tr-dst", MigrationOptions.defaults().withTls(serverSide));
            MigrationResult r = Migration.of(source)
                    .withOptions(
                            MigrationOptions.defaults().withTls(clientSide).withStallTimeout(Duration.ofSeconds(10)))
                    .to(uri);
            assertNotEquals(MigrationOutcome.COMPLETED, r.outcome(), r.explanation());
            assertTrue(
                    r.explanation().contains("the source keeps running")
                            || r.explanation().contains("has been resumed"),
                    r.explanation());
            assertEquals("running", source.status().state());
            MigrationGuests.awaitAbove(console, beat, BEAT);
        }
    }

    @Test
    void xbzrleSendsDeltasOfReDirtiedPages() throws Exception {
        Vm source = startSource("xb", MigrationGuests.DIRTY_RAM);
        try (SerialConsole console = source.console()) {
            MigrationGuests.awaitAbove(console, 2, BOOT);
            // 32 MiB/s and 1 s of downtime: slow enough for several passes over the re-dirtied 16 MiB (which is
            // what XBZRLE encodes), fast enough to converge.
            MigrationOptions options = MigrationOptions.defaults()
                    .withXbzrle()
                    .withMaxBandwidth(32L << 20)
                    .withDowntimeLimit(Duration.ofSeconds(1));
            String uri = startDestination("xb", "xb-dst", options);
            MigrationResult r =
                    Migration.of(source).withOptions(options).keepingSource().to(uri);
            assertEquals(MigrationOutcome.COMPLETED, r.outcome(), r.explanation());
            JsonNode cache;
            try (QmpClient qmp = QmpClient.connect(source.userMonitorSocket(), BEAT)) {
                cache = qmp.execute("query-migrate").path("xbzrle-cache");
            }
            assertTrue(
                    cache.path("pages").asLong() + cache.path("cache-miss").asLong() > 0,
                    "QEMU's XBZRLE cache saw no page: " + cache);
            source.stop(Duration.ofSeconds(10), true);
            checkGuestMovedTo("xb-dst", MigrationGuests.last(console));
        }
    }

    @Test
    void multifdWithCompressionCompletes() throws Exception {
        Vm source = startSource("mf", "");
        try (SerialConsole console = source.console()) {
            MigrationGuests.awaitAbove(console, 2, BOOT);
            MigrationOptions options =
                    MigrationOptions.defaults().withMultifd(2).withCompress();
            String uri = startDestination("mf", "mf-dst", options);
            MigrationResult r =
                    Migration.of(source).withOptions(options).keepingSource().to(uri);
            assertEquals(MigrationOutcome.COMPLETED, r.outcome(), r.explanation());
            try (QmpClient qmp = QmpClient.connect(source.userMonitorSocket(), BEAT)) {
                JsonNode ram = qmp.execute("query-migrate").path("ram");
                assertTrue(ram.path("multifd-bytes").asLong() > 0, "no page went over multifd: " + ram);
                assertEquals(
                        "zlib",
                        qmp.execute("query-migrate-parameters")
                                .path("multifd-compression")
                                .asString());
            }
            source.stop(Duration.ofSeconds(10), true);
            checkGuestMovedTo("mf-dst", MigrationGuests.last(console));
        }
    }

    private Vm startSource(String name, String extraAppend) throws Exception {
        return Vm.start(MigrationGuests.profile(tmp, name, "128M", extraAppend), vms.options());
    }

    /** Starts {@code dest} from {@code source}'s profile, waiting with {@code -incoming defer}; returns its URI. */
    private String startDestination(String source, String dest, MigrationOptions options) throws Exception {
        // Not closed: closing a Vm this JVM started stops it. IsolatedVms removes it after the test.
        Vm vm = Vm.start(
                tmp.resolve(source + ".yaml"), vms.options().withName(dest).withIncoming("defer"));
        String uri = "tcp:127.0.0.1:" + freePort();
        Migration.of(vm).withOptions(options).listen(uri);
        return uri;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void checkGuestMovedTo(String dest, long lastOnSource) throws Exception {
        try (Vm vm = Vm.attach(vms.root(), dest);
                SerialConsole console = vm.console()) {
            assertEquals("running", vm.status().state());
            long first = MigrationGuests.awaitAbove(console, 0, BEAT);
            assertTrue(first > lastOnSource, first + " after " + lastOnSource);
            MigrationGuests.awaitAbove(console, first, BEAT);
            assertFalse(console.lastMatch(MigrationGuests.READY).isPresent(), "the guest booted again");
        }
    }
}
