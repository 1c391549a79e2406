package io.kvmctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.testing.TestQemu;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmStartException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine type a VM keeps: {@code q35} is resolved to the versioned type of the QEMU that first runs it, and a
 * local migration to another QEMU version runs that same type there, or is refused when that QEMU lacks it. These
 * tests name both QEMUs themselves (7.2 from Debian, 10.0 from scripts/fetch-qemu10), so they test the same thing in
 * either pass of {@code make test}.
 */
class MachineTypeMigrationIT {
    static final Path QEMU_7_2 = TestQemu.SYSTEM;
    static final Path QEMU_10 = TestGuests.IMAGES.resolve("qemu-10/bin/qemu-system-x86_64");

    @TempDir
    Path tmp;

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    RuntimeRoot root;

    @BeforeEach
    void setUp() {
        root = vms.root();
    }

    private static void requireBothQemus() {
        assumeTrue(
                Files.isExecutable(QEMU_7_2), "needs QEMU 7.2 at " + QEMU_7_2 + " (apt-get install qemu-system-x86)");
        assumeTrue(Files.isExecutable(QEMU_10), "needs QEMU 10 at " + QEMU_10 + " (scripts/fetch-qemu10)");
    }

    private Path profile(String name, String machineLine) throws Exception {
        Path p = MigrationGuests.profile(tmp, name, "128M", "");
        Files.writeString(p, Files.readString(p) + machineLine);
        return p;
    }

    @Test
    void migratesFrom72To100OnTheRecordedPcQ35_72() throws Exception {
        requireBothQemus();
        Path profile = profile("up72", ""); // no machine line: q35, the default
        KvmctlProcess up = KvmctlProcess.run(root, "up", "--qemu", QEMU_7_2.toString(), profile.toString());
        assertEquals(0, up.exitCode(), up.toString());
        Vm source = Vm.attach(root, "up72");
        assertEquals("pc-q35-7.2", source.record().machine(), "q35 on QEMU 7.2 is recorded as its versioned type");
        assertTrue(
                source.record().argv().contains("type=pc-q35-7.2,dump-guest-core=off"),
                source.record().argv().toString());
        long lastOnSource;
        try (SerialConsole console = source.console()) {
            MigrationGuests.awaitAbove(console, 2, LocalMigrationIT.BOOT);
            source.close(); // its control monitor: the migrating kvmctl below needs it
            KvmctlProcess migrate = KvmctlProcess.run(root, "migrate", "up72", "--local", "--qemu", QEMU_10.toString());
            assertEquals(0, migrate.exitCode(), migrate.toString());
            lastOnSource = MigrationGuests.last(console);
        }

        KvmctlProcess status = KvmctlProcess.run(root, "status", "up72");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.output().matches("(?s).*\nqemu: +10\\.0\\.\\d+\n.*"), status.toString());
        assertTrue(status.output().contains("\nmachine:     pc-q35-7.2\n"), status.toString());
        Vm dest = Vm.attach(root, "up72");
        assertNotEquals(source.record().qemuPid(), dest.record().qemuPid());
        assertEquals(QEMU_10.toString(), dest.record().argv().getFirst());
        assertEquals("pc-q35-7.2", dest.record().machine());
        assertEquals("pc-q35-7.2", dest.machineType());
        dest.close();
        try (SerialConsole console = dest.console()) {
            long first = MigrationGuests.awaitAbove(console, lastOnSource, LocalMigrationIT.BEAT);
            MigrationGuests.awaitAbove(console, first, LocalMigrationIT.BEAT);
            assertFalse(
                    console.lastMatch(MigrationGuests.READY).isPresent(), "the guest booted again: " + console.lines());
        }
    }

    @Test
    void refusesToMigrateAPcQ35_100GuestToQemu72() throws Exception {
        requireBothQemus();
        try (Vm source = Vm.start(
                        profile("on10", ""),
                        StartOptions.defaults().withRoot(root).withQemuBinary(QEMU_10));
                SerialConsole console = source.console()) {
            assertEquals("pc-q35-10.0", source.status().machine());
            long beat = MigrationGuests.awaitAbove(console, 1, LocalMigrationIT.BOOT);
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> Migration.of(source).withDestinationQemu(QEMU_7_2).local());
            assertEquals(
                    "VM on10 runs machine type pc-q35-10.0, which the destination QEMU " + QEMU_7_2
                            + " does not have (its newest q35 type is pc-q35-7.2), and a guest's hardware must not "
                            + "change under it; migrate to a QEMU that lists pc-q35-10.0 in '-machine help' (the same "
                            + "version or newer), or, to move to an older QEMU, start the VM with a type that QEMU has "
                            + "(e.g. machine: pc-q35-7.2 in its profile)",
                    e.getMessage());
            assertEquals(List.of("on10"), root.names(), "no destination was started");
            assertEquals("running", source.status().state());
            MigrationGuests.awaitAbove(console, beat, LocalMigrationIT.BEAT);
        }
    }

    @Test
    void guestStartedOn100WithPcQ35_72MigratesBackToQemu72() throws Exception {
        requireBothQemus();
        Path profile = profile("back", "machine: pc-q35-7.2\n");
        Vm source = Vm.start(profile, StartOptions.defaults().withRoot(root).withQemuBinary(QEMU_10));
        assertEquals("pc-q35-7.2", source.record().machine(), "a versioned type is kept as the profile says");
        long lastOnSource;
        try (SerialConsole console = source.console()) {
            MigrationGuests.awaitAbove(console, 2, LocalMigrationIT.BOOT);
            MigrationResult r =
                    Migration.of(source).withDestinationQemu(QEMU_7_2).local();
            assertEquals(MigrationOutcome.COMPLETED, r.outcome(), r.explanation());
            lastOnSource = MigrationGuests.last(console);
        }
        source.close();
        Vm dest = Vm.attach(root, "back");
        assertTrue(dest.status().qemuVersion().startsWith("7.2."), dest.status().qemuVersion());
        assertEquals("pc-q35-7.2", dest.status().machine());
        dest.close();
        try (SerialConsole console = dest.console()) {
            long first = MigrationGuests.awaitAbove(console, lastOnSource, LocalMigrationIT.BEAT);
            MigrationGuests.awaitAbove(console, first, LocalMigrationIT.BEAT);
            assertFalse(
                    console.lastMatch(MigrationGuests.READY).isPresent(), "the guest booted again: " + console.lines());
        }
    }

    @Test
    void anAliasTheQemuDoesNotKnowIsRefusedBeforeQemuStarts() throws Exception {
        Path qemu = TestQemu.require();
        Path profile = profile("typo", "machine: q53\n");
        VmStartException e = assertThrows(
                VmStartException.class,
                () -> Vm.start(profile, StartOptions.defaults().withRoot(root).withQemuBinary(qemu)));
        assertTrue(
                e.getMessage().startsWith("machine: QEMU " + qemu + " has no machine type 'q53' (did you mean 'q35'?)"),
                e.getMessage());
        assertEquals(List.of(), root.names(), "nothing was left behind");
        KvmctlProcess up = KvmctlProcess.run(root, "up", profile.toString());
        assertEquals(2, up.exitCode(), up.toString());
        assertTrue(up.output().contains("has no machine type 'q53' (did you mean 'q35'?)"), up.toString());
    }
}
