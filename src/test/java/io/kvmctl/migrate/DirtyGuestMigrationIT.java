package io.kvmctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A guest that rewrites 16 MiB of RAM in a loop, migrated at 4 MiB/s: the same settings do not converge on their
 * own (cancelled with an explanation, source running), but do with auto-converge or postcopy.
 */
class DirtyGuestMigrationIT {
    static final Duration BOOT = Duration.ofSeconds(90);
    static final Duration BEAT = Duration.ofSeconds(30);
    static final MigrationOptions SLOW =
            MigrationOptions.defaults().withMaxBandwidth(4L << 20).withMaxIterations(5);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();

    @Test
    void withoutHelpItIsCancelledWithAnExplanationAndTheSourceRunsOn() throws Exception {
        try (Vm source = start("dn", Optional.empty());
                SerialConsole console = source.console()) {
            long beat = MigrationGuests.awaitAbove(console, 2, BOOT);
            MigrationResult r = Migration.of(source).withOptions(SLOW).local();
            assertEquals(MigrationOutcome.CANCELLED, r.outcome(), r.explanation());
            assertTrue(r.explanation().contains("no convergence after"), r.explanation());
            assertTrue(r.explanation().contains("--auto-converge, --postcopy"), r.explanation());
            assertTrue(r.explanation().contains("downtime limit raised from 50 to 300 ms"), r.explanation());
            assertEquals(List.of("dn"), root.names());
            assertEquals("running", source.status().state());
            MigrationGuests.awaitAbove(console, beat, BEAT);
        }
    }

    @Test
    void autoConvergeIsRefusedOnQemuSevenUnderTcgAndTheSourceRunsOn() throws Exception {
        try (Vm source = start("dr", Optional.empty());
                SerialConsole console = source.console()) {
            long beat = MigrationGuests.awaitAbove(console, 2, BOOT);
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    source.qmp().greeting().version().major() < 10,
                    "the default QEMU is 10 or newer: nothing to refuse");
            MigrationException e = org.junit.jupiter.api.Assertions.assertThrows(
                    MigrationException.class,
                    () -> Migration.of(source)
                            .withOptions(SLOW.withAutoConverge())
                            .local());
            assertTrue(e.getMessage().contains("--auto-converge is refused"), e.getMessage());
            assertEquals(List.of("dr"), root.names(), "the destination was removed");
            assertEquals("running", source.status().state());
            MigrationGuests.awaitAbove(console, beat, BEAT);
        }
    }

    /** On QEMU 10 (scripts/fetch-qemu10): QEMU 7.2 corrupts TCG guests under auto-converge, see MigrationSetup. */
    @Test
    void withAutoConvergeItCompletes() throws Exception {
        Path qemu10 = io.kvmctl.testing.TestGuests.IMAGES.resolve("qemu-10/bin/qemu-system-x86_64");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isExecutable(qemu10),
                "needs QEMU 10 at " + qemu10
                        + " (scripts/fetch-qemu10): kvmctl refuses auto-converge for TCG guests on QEMU 7.2");
        // It runs QEMU 10 whichever QEMU the pass tests, so make test's QEMU 10 pass runs it and the 7.2 pass
        // (where the refusal above is tested) would only run it a second time.
        org.junit.jupiter.api.Assumptions.assumeTrue(
                io.kvmctl.testing.TestQemu.major() >= 10,
                "runs in the QEMU 10 pass: it needs QEMU 10 whichever QEMU this pass tests");
        AtomicLong throttle = new AtomicLong();
        // A 1 s downtime limit rather than 300 ms: even at the full throttle a TCG vCPU still dirties some MiB/s,
        // and whether what is left fits into 300 ms at 4 MiB/s was down to the load on the machine (CI: 3.1 MiB
        // left at 99%). Unthrottled the guest rewrites its 16 MiB every pass, four times what 1 s carries, so the
        // throttle still has to do the work.
        long lastOnSource = migrate(
                "da",
                Optional.of(qemu10),
                SLOW.withDowntimeLimit(Duration.ofSeconds(1)).withAutoConverge(),
                s -> throttle.accumulateAndGet(s.cpuThrottlePercent(), Math::max));
        assertTrue(throttle.get() > 0, "QEMU never throttled the vCPUs, so auto-converge did not do the work");
        checkDestination("da", lastOnSource);
    }

    @Test
    void withPostcopyItCompletes() throws Exception {
        AtomicLong postcopySeen = new AtomicLong();
        // userfaultfd, which postcopy needs, is refused to the unprivileged kvmctl user QEMU otherwise runs as
        // (vm.unprivileged_userfaultfd=0 here): see unprivilegedPostcopyIsRefusedWithTheReasonAndTheSourceRuns
        runAsRoot = true;
        long lastOnSource = migrate("dp", Optional.empty(), SLOW.withPostcopy(OptionalInt.of(2)), s -> {
            if (s.inPostcopy()) {
                postcopySeen.incrementAndGet();
            }
        });
        assertTrue(postcopySeen.get() > 0, "the migration never ran in postcopy");
        checkDestination("dp", lastOnSource);
        // The destination keeps the postcopy-ram it was given; its next migration must not inherit it.
        try (Vm dest = Vm.attach(root, "dp")) {
            assertTrue(capability(dest, "postcopy-ram"), "the destination QEMU has postcopy-ram on");
            EndpointSetup.apply(dest.qmp(), MigrationOptions.defaults(), MigrationSide.SOURCE);
            assertFalse(capability(dest, "postcopy-ram"), "a plain migration's setup turns postcopy-ram off again");
        }
    }

    @Test
    void unprivilegedPostcopyIsRefusedWithTheReasonAndTheSourceRuns() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                io.kvmctl.sys.Processes.uid() == 0, "QEMU drops to the kvmctl user only when kvmctl is root");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.readString(Path.of("/proc/sys/vm/unprivileged_userfaultfd"))
                        .strip()
                        .equals("0"),
                "this kernel lets unprivileged processes use userfaultfd, so postcopy works without root");
        Vm source = start("dq", Optional.empty());
        try (SerialConsole console = source.console()) {
            MigrationGuests.awaitAbove(console, 2, BOOT);
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    MigrationException.class,
                    () -> Migration.of(source)
                            .withOptions(SLOW.withPostcopy(OptionalInt.of(2)))
                            .local());
            assertTrue(e.getMessage().contains("postcopy needs userfaultfd"), e.getMessage());
            long before = MigrationGuests.last(console);
            MigrationGuests.awaitAbove(console, before + 1, BOOT);
            assertTrue(source.isRunning(), "the source keeps running");
        }
    }

    private static boolean capability(Vm vm, String name) throws Exception {
        for (var c : vm.qmp().execute("query-migrate-capabilities")) {
            if (c.path("capability").asString().equals(name)) {
                return c.path("state").asBoolean();
            }
        }
        throw new AssertionError("QEMU has no migration capability " + name);
    }

    /** Whether the next VM runs with {@code run_as: root}. */
    private boolean runAsRoot;

    private Vm start(String name, Optional<Path> qemu) throws Exception {
        StartOptions options = StartOptions.defaults().withRoot(root);
        return Vm.start(
                MigrationGuests.profile(
                        tmp, name, "128M", MigrationGuests.DIRTY_RAM, runAsRoot ? "run_as: root\n" : ""),
                qemu.map(options::withQemuBinary).orElse(options));
    }

    /** Migrates VM {@code name} locally and returns the last heartbeat the source printed. */
    private long migrate(
            String name,
            Optional<Path> qemu,
            MigrationOptions options,
            java.util.function.Consumer<MigrationStats> watch)
            throws Exception {
        Vm source = start(name, qemu);
        try (SerialConsole console = source.console()) {
            MigrationGuests.awaitAbove(console, 2, BOOT);
            MigrationResult r =
                    Migration.of(source).withOptions(options).onProgress(watch).local();
            assertEquals(MigrationOutcome.COMPLETED, r.outcome(), r.explanation());
            return MigrationGuests.last(console);
        }
    }

    private void checkDestination(String name, long lastOnSource) throws Exception {
        try (Vm dest = Vm.attach(root, name);
                SerialConsole console = dest.console()) {
            long first = MigrationGuests.awaitAbove(console, 0, BEAT);
            assertTrue(first > lastOnSource, first + " after " + lastOnSource);
            MigrationGuests.awaitAbove(console, first, BEAT);
            assertFalse(console.lastMatch(MigrationGuests.READY).isPresent(), "the guest booted again");
        }
    }
}
