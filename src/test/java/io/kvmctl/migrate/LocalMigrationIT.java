package io.kvmctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.sys.Processes;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestQemu;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmRecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Local live migration of the Linux test guest under TCG, and the faults that must leave the source running. */
class LocalMigrationIT {
    static final Duration BOOT = Duration.ofSeconds(90);
    static final Duration BEAT = Duration.ofSeconds(30);
    /** Slow enough that a migration of the 128 MiB guest takes ~20 s, so a fault lands in the middle of it. */
    static final long SLOW = 4L << 20;

    static final int REPEATS = 3;

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();

    @Test
    void heartbeatGoesOnOnTheDestinationWithoutARestart() throws Exception {
        Vm source = Vm.start(
                MigrationGuests.profile(tmp, "lm", "128M", ""),
                StartOptions.defaults().withRoot(root));
        long lastOnSource;
        try (SerialConsole console = source.console()) {
            MigrationGuests.awaitAbove(console, 2, BOOT);
            List<String> notes = new ArrayList<>();
            // By name, as 'kvmctl migrate lm --local' does: the handle started here is not used, and its close()
            // below must still leave the destination alone.
            MigrationResult result = Migration.of(root, "lm").onStep(notes::add).local();
            assertEquals(MigrationOutcome.COMPLETED, result.outcome(), result.explanation());
            lastOnSource = MigrationGuests.last(console);
        }
        assertTrue(source.awaitExit(Duration.ofSeconds(10)), "the source QEMU is gone");
        assertEquals(List.of("lm"), root.names(), "one VM, under its old name");

        Vm dest = Vm.attach(root, "lm");
        assertNotEquals(source.record().qemuPid(), dest.record().qemuPid());
        assertEquals("lm", dest.record().name());
        assertEquals("running", dest.status().state());
        // q35 was resolved once, at the first start, to this QEMU's versioned type, and the destination runs that.
        String versioned = "pc-q35-" + TestQemu.version().replaceFirst("\\.\\d+$", "");
        assertEquals(versioned, source.record().machine());
        assertEquals(versioned, dest.record().machine());
        assertEquals(versioned, dest.status().machine());
        dest.close(); // lets go of its control monitor
        try (SerialConsole console = dest.console()) {
            long first = MigrationGuests.awaitAbove(console, 0, BEAT);
            assertTrue(
                    first > lastOnSource,
                    "the destination's first heartbeat " + first + " follows the source's last " + lastOnSource);
            MigrationGuests.awaitAbove(console, first, BEAT);
            assertFalse(
                    console.lastMatch(MigrationGuests.READY).isPresent(), "the guest booted again: " + console.lines());
        }
        source.close(); // its QEMU is gone; this must not remove the destination's directory
        assertTrue(Files.isDirectory(root.vm("lm").path()), "the destination's runtime directory survives");

        // Again, to a new name: the old name is free afterwards and the guest still has not restarted.
        MigrationResult again = Migration.of(dest).local("lm2");
        assertEquals(MigrationOutcome.COMPLETED, again.outcome(), again.explanation());
        assertEquals(List.of("lm2"), root.names());
        Vm moved = Vm.attach(root, "lm2");
        try (SerialConsole console = moved.console()) {
            MigrationGuests.awaitAbove(console, 0, BEAT);
            assertFalse(console.lastMatch(MigrationGuests.READY).isPresent());
        }
        moved.stop(Duration.ZERO, true);
        try (var left = Files.list(root.path())) {
            assertEquals(
                    List.of(),
                    left.filter(p -> !p.getFileName().toString().startsWith("."))
                            .toList(),
                    "no runtime directory or alias link left behind");
        }
    }

    @Test
    void destinationKilledMidMigrationLeavesTheSourceRunning() throws Exception {
        repeatFault(
                (cancel, destName) -> {
                    int pid =
                            VmRecordStore.read(root.vm(destName)).orElseThrow().qemuPid();
                    Processes.kill(pid, Processes.SIGKILL);
                },
                MigrationOutcome.FAILED);
    }

    @Test
    void cancelLeavesTheSourceRunningAndRemovesTheDestination() throws Exception {
        repeatFault((cancel, destName) -> cancel.cancel("cancelled by the test"), MigrationOutcome.CANCELLED);
    }

    interface Fault {
        void inject(MigrationCancel cancel, String destName) throws Exception;
    }

    /** Starts a slow migration {@link #REPEATS} times, injects the fault once data flows, checks the source. */
    private void repeatFault(Fault fault, MigrationOutcome expected) throws Exception {
        try (Vm source = Vm.start(
                        MigrationGuests.profile(tmp, "fv", "128M", ""),
                        StartOptions.defaults().withRoot(root));
                SerialConsole console = source.console()) {
            long beat = MigrationGuests.awaitAbove(console, 1, BOOT);
            for (int round = 1; round <= REPEATS; round++) {
                MigrationCancel cancel = new MigrationCancel();
                CountDownLatch flowing = new CountDownLatch(1);
                CompletableFuture<MigrationResult> running = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Migration.of(source)
                                .withOptions(MigrationOptions.defaults().withMaxBandwidth(SLOW))
                                .onProgress(s -> {
                                    if (s.ramTransferred() > (2 << 20)) {
                                        flowing.countDown();
                                    }
                                })
                                .cancelledBy(cancel)
                                .local();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertTrue(flowing.await(60, TimeUnit.SECONDS), "round " + round + ": the migration never moved data");
                fault.inject(cancel, "fv.incoming");
                MigrationResult result = running.get(90, TimeUnit.SECONDS);
                assertEquals(expected, result.outcome(), "round " + round + ": " + result.explanation());
                assertTrue(
                        result.explanation().contains("the source keeps running")
                                || result.explanation().contains("has been resumed"),
                        result.explanation());
                assertEquals(List.of("fv"), root.names(), "round " + round + ": the destination was not removed");
                assertEquals("running", source.status().state(), "round " + round);
                beat = MigrationGuests.awaitAbove(console, beat, BEAT);
            }
        }
    }
}
