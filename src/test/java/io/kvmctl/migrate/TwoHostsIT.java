package io.kvmctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qmp.Json;
import io.kvmctl.sys.Processes;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmRecordStore;
import io.kvmctl.vm.VmStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Two "hosts": network namespaces joined by a veth pair, each with its own kvmctl runtime root. The destination
 * runs 'kvmctl up --incoming tcp:...' inside namespace a, the source runs inside b, and the migration goes over TCP
 * between their addresses. Then the faults, each several times against one source guest: destination killed,
 * cable cut (veth down), Ctrl-C on 'kvmctl migrate'.
 */
class TwoHostsIT {
    static final Duration BOOT = Duration.ofSeconds(90);
    static final Duration BEAT = Duration.ofSeconds(30);
    static final int SIGINT = 2;
    static final int ROUNDS = 3;
    static final Pattern SENT = Pattern.compile("migration active: (\\d+) of");

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot hostA = vms.root("host-a");
    final RuntimeRoot hostB = vms.root("host-b");
    NetnsPair net;

    @BeforeEach
    void setUp() throws Exception {
        net = NetnsPair.create();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            vms.killVms(); // before their namespaces go
        } finally {
            net.close();
        }
    }

    @Test
    void migratesOverTcpBetweenTwoNamespaces() throws Exception {
        Path profile = MigrationGuests.profile(tmp, "hv", "128M", "");
        KvmctlProcess.run(net.b, hostB, 0, "up", profile.toString());
        Vm source = Vm.attach(hostB, "hv");
        long lastOnSource;
        try (SerialConsole console = source.console()) {
            MigrationGuests.awaitAbove(console, 2, BOOT);
            String uri = startDestination(profile, 4444);
            String out = KvmctlProcess.run(net.b, hostB, 0, "migrate", "hv", "--to", uri, "--json");
            JsonNode json = Json.MAPPER.readTree(out.substring(out.indexOf('{')));
            assertEquals("completed", json.path("outcome").asString(), out);
            assertTrue(json.path("stats").path("downtime_seconds").asDouble(-1) >= 0, out);
            assertTrue(json.path("stats").path("ram_transferred_bytes").asLong() > 0, out);
            lastOnSource = MigrationGuests.last(console);
        }
        assertTrue(source.awaitExit(Duration.ofSeconds(10)), "the source QEMU was stopped");
        assertEquals(List.of(), hostB.names(), "the source host has no VM left");
        try (Vm dest = Vm.attach(hostA, "hv");
                SerialConsole console = dest.console()) {
            assertEquals("running", dest.status().state());
            long first = MigrationGuests.awaitAbove(console, 0, BEAT);
            assertTrue(first > lastOnSource, first + " after " + lastOnSource);
            MigrationGuests.awaitAbove(console, first, BEAT);
            assertFalse(console.lastMatch(MigrationGuests.READY).isPresent(), "the guest booted again");
        }
    }

    enum Fault {
        DESTINATION_KILLED,
        LINK_CUT,
        CTRL_C
    }

    @Test
    void sourceKeepsRunningThroughEveryFaultRepeatedly() throws Exception {
        Path profile = MigrationGuests.profile(tmp, "hf", "128M", "");
        KvmctlProcess.run(net.b, hostB, 0, "up", profile.toString());
        try (SerialConsole console = SerialConsole.attach(hostB.vm("hf"))) {
            long beat = MigrationGuests.awaitAbove(console, 2, BOOT);
            int port = 4500;
            for (int round = 1; round <= ROUNDS; round++) {
                for (Fault fault : Fault.values()) {
                    String what = fault + " round " + round;
                    String uri = startDestination(profile, port++);
                    String explanation = switch (fault) {
                        case CTRL_C -> ctrlC(uri, what);
                        default -> inProcess(fault, uri, what);
                    };
                    assertTrue(
                            explanation.contains("the source keeps running")
                                    || explanation.contains("has been resumed"),
                            what + ": " + explanation);
                    removeDestination();
                    try (Vm source = Vm.attach(hostB, "hf")) {
                        assertEquals("running", source.status().state(), what);
                    }
                    beat = MigrationGuests.awaitAbove(console, beat, BEAT);
                }
            }
        }
    }

    /** Migrates from this JVM (QEMU itself is in namespace b) and injects a destination kill or a cut link. */
    private String inProcess(Fault fault, String uri, String what) throws Exception {
        CountDownLatch flowing = new CountDownLatch(1);
        MigrationOptions options =
                MigrationOptions.defaults().withMaxBandwidth(4L << 20).withStallTimeout(Duration.ofSeconds(3));
        CompletableFuture<MigrationResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return Migration.of(hostB, "hf")
                        .withOptions(options)
                        .onProgress(s -> {
                            if (s.ramTransferred() > (2 << 20)) {
                                flowing.countDown();
                            }
                        })
                        .to(uri);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(flowing.await(60, TimeUnit.SECONDS), what + ": no data moved");
        if (fault == Fault.DESTINATION_KILLED) {
            Processes.kill(VmRecordStore.read(hostA.vm("hf")).orElseThrow().qemuPid(), Processes.SIGKILL);
        } else {
            net.linkB(false);
        }
        MigrationResult result;
        try {
            result = running.get(90, TimeUnit.SECONDS);
        } finally {
            if (fault == Fault.LINK_CUT) {
                net.linkB(true);
            }
        }
        if (fault == Fault.DESTINATION_KILLED) {
            assertEquals(MigrationOutcome.FAILED, result.outcome(), what + ": " + result.explanation());
        } else if (result.outcome() == MigrationOutcome.CANCELLED) {
            // kvmctl saw the stall first (the usual case: a dead link gives TCP nothing to report for minutes)
            assertTrue(result.explanation().contains("no data moved for 3 s"), result.explanation());
        } else {
            assertEquals(MigrationOutcome.FAILED, result.outcome(), what + ": " + result.explanation());
        }
        return result.explanation();
    }

    /** Runs 'kvmctl migrate' in namespace b and sends it SIGINT once data flows, as Ctrl-C would. */
    private String ctrlC(String uri, String what) throws Exception {
        KvmctlProcess migrate =
                KvmctlProcess.start(net.b, hostB, "migrate", "hf", "--to", uri, "--max-bandwidth", "4M");
        awaitDataFlowing(what);
        Processes.kill((int) migrate.process.pid(), SIGINT);
        int code = migrate.await(60);
        String out = migrate.output();
        assertEquals(1, code, what + ": " + out);
        assertTrue(out.contains("migration cancelled: interrupted"), what + ": " + out);
        return out;
    }

    /** Polls 'status' (the control monitor, which a migration leaves free) until over 1 MiB went out. */
    private void awaitDataFlowing(String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Vm vm = Vm.attach(hostB, "hf")) {
                VmStatus status = vm.status();
                Matcher m = SENT.matcher(status.detail() == null ? "" : status.detail());
                if (m.find() && Long.parseLong(m.group(1)) >= 1) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + ": the migration did not start moving data within 60 s");
    }

    private String startDestination(Path profile, int port) throws Exception {
        String uri = "tcp:" + net.addressA + ":" + port;
        KvmctlProcess.run(net.a, hostA, 0, "up", profile.toString(), "--incoming", uri);
        return uri;
    }

    /** The destination may be dead (killed) or waiting on a broken connection: stop it either way. */
    private void removeDestination() throws IOException {
        try (Vm dest = Vm.attach(hostA, "hf")) {
            dest.stop(Duration.ZERO, true);
        }
        assertEquals(List.of(), hostA.names());
    }
}
