package io.kvmctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qemu.GuestMemoryArgs;
import io.kvmctl.sys.Processes;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestGuests;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code memory_backend: shared}: a local migration hands the guest's memory to the new QEMU instead of copying it.
 * One guest (TCG, 256 MiB) writes 32 MiB of random data to its tmpfs, prints its MD5, and prints the MD5 again every
 * second: a page lost or stale in the hand-over changes the sum (or crashes the guest). On that guest, in order:
 * two hand-overs; a destination killed after it loaded the guest, before it was started; kvmctl killed twice in a
 * migration; and, in the QEMU 7.2 pass, a hand-over to QEMU 10.0. After each: one VM, running, the same memory
 * (the memfd's inode) held by its QEMU only, the heartbeat going on, no reboot, the same MD5.
 */
class SharedMemoryMigrationIT {
    static final Pattern SUM = Pattern.compile("pattern-(?:written|check) ([0-9a-f]{32})");
    static final Path QEMU_10 = TestGuests.IMAGES.resolve("qemu-10/bin/qemu-system-x86_64");
    static final String NAME = "sm";

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();

    @Test
    void guestMemoryIsHandedOverIntactThroughUpdatesAndFaults() throws Exception {
        Path profile = MigrationGuests.profile(
                tmp,
                NAME,
                "256M",
                "kvmctl.run=\"dd if=/dev/urandom of=/tmp/p bs=1M count=32 2>/dev/null; echo pattern-written "
                        + "$(md5sum </tmp/p); while true; do sleep 1; echo pattern-check $(md5sum </tmp/p); done\"",
                "memory_backend: shared\n");
        Vm first = Vm.start(profile, StartOptions.defaults().withRoot(root));
        String sum;
        try (SerialConsole console = first.console()) {
            sum = sumIn(console.awaitLine(Pattern.compile("pattern-written"), LocalMigrationIT.BOOT));
        }
        long inode = memoryInode(first);

        // Two updates: only device state travels (far less than the 32 MiB the guest wrote), the memory stays.
        for (int update = 1; update <= 2; update++) {
            List<String> notes = new ArrayList<>();
            MigrationResult r = Migration.of(root, NAME).onStep(notes::add).local();
            assertEquals(MigrationOutcome.COMPLETED, r.outcome(), r.explanation());
            assertTrue(notes.stream().anyMatch(n -> n.contains("only device state is sent")), notes.toString());
            assertTrue(r.stats().ramTransferred() < (8 << 20), "RAM was copied: " + r.stats());
            checkOneGuest("update " + update, sum, inode);
        }

        // The destination dies after loading the guest and before kvmctl starts it: it never ran the guest, so the
        // source takes it back.
        MigrationResult killed = Migration.of(root, NAME)
                .onStep(note -> {
                    if (note.startsWith("destination loaded")) {
                        killQemuOf(NAME + LocalMigration.INCOMING_SUFFIX);
                    }
                })
                .local();
        assertEquals(MigrationOutcome.FAILED, killed.outcome(), killed.explanation());
        assertTrue(killed.explanation().contains("resumed"), killed.explanation());
        checkOneGuest("destination killed in the hand-over", sum, inode);

        // kvmctl killed while the destination starts, then in the hand-over; the next migrate settles either.
        for (String trigger : List.of("", LocalMigration.HAND_OVER_PENDING)) {
            boolean inHandOver = killKvmctlMigrateAt(trigger);
            String at = trigger.isEmpty() ? "the destination's start" : trigger;
            List<String> settled = new ArrayList<>();
            MigrationResult next = Migration.of(root, NAME)
                    .onStep(note -> {
                        System.out.println("after kvmctl was killed at " + at + ": " + note);
                        settled.add(note);
                    })
                    .local();
            assertEquals(MigrationOutcome.COMPLETED, next.outcome(), next.explanation());
            if (inHandOver) {
                // Loaded and paused by itself after the kill: started by the next kvmctl, as the killed one would.
                assertTrue(
                        settled.stream().anyMatch(n -> n.startsWith("finished an interrupted migration")),
                        settled.toString());
            }
            checkOneGuest("kvmctl killed at " + at, sum, inode);
        }

        if (TestQemu.major() < 10 && Files.isExecutable(QEMU_10)) {
            // The upgrade: the same memory under another QEMU binary, on the machine type recorded at the first start.
            MigrationResult upgrade =
                    Migration.of(root, NAME).withDestinationQemu(QEMU_10).local();
            assertEquals(MigrationOutcome.COMPLETED, upgrade.outcome(), upgrade.explanation());
            checkOneGuest("7.2 -> 10.0", sum, inode);
            try (Vm now = Vm.attach(root, NAME)) {
                assertTrue(
                        now.status().qemuVersion().startsWith("10."),
                        now.status().qemuVersion());
            }
        }
        Vm.attach(root, NAME).stop(Duration.ZERO, true);
        first.close(); // its QEMU left long ago: nothing of the VM's may go with it
        assertEquals(Set.of(), memoryHolders(), "guest memory still held after down");
    }

    /** One VM under NAME, running on the memory it started with, held by nothing else; the guest goes on unharmed. */
    private void checkOneGuest(String when, String sum, long inode) throws Exception {
        assertEquals(List.of(NAME), root.names(), when);
        try (Vm vm = Vm.attach(root, NAME)) {
            assertEquals("running", vm.status().state(), when);
            assertEquals(inode, memoryInode(vm), when + ": another memory");
            Set<Long> mine =
                    Set.of((long) vm.record().qemuPid(), (long) vm.record().supervisorPid());
            assertTrue(mine.containsAll(memoryHolders()), when + ": held by " + memoryHolders() + ", VM is " + mine);
            try (SerialConsole console = vm.console()) {
                int from = console.lineCount();
                MigrationGuests.awaitAbove(console, MigrationGuests.last(console), LocalMigrationIT.BEAT);
                assertEquals(
                        sum,
                        sumIn(console.awaitLineAfter(from, SUM, LocalMigrationIT.BEAT)),
                        when + ": the guest's data changed");
                assertFalse(console.lastMatch(MigrationGuests.READY).isPresent(), when + ": the guest booted again");
            }
        }
    }

    private void killQemuOf(String vmName) {
        try {
            int pid = VmRecordStore.read(root.vm(vmName)).orElseThrow().qemuPid();
            Processes.kill(pid, Processes.SIGKILL);
            while (Files.exists(Path.of("/proc", Integer.toString(pid), "fd"))) {
                Thread.sleep(5);
            }
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("could not kill the destination", e);
        }
    }

    /**
     * Runs {@code kvmctl migrate NAME --local} in its own JVM and SIGKILLs it once the destination's directory has
     * {@code file} (its directory itself when empty), or once it has ended. Returns whether it was killed in the
     * hand-over ({@code file} still there), with the loaded destination not yet started.
     */
    private boolean killKvmctlMigrateAt(String file) throws Exception {
        KvmctlProcess migrate = KvmctlProcess.start(null, root, "migrate", NAME, "--local");
        Path dest = root.vm(NAME + LocalMigration.INCOMING_SUFFIX).path();
        Path trigger = file.isEmpty() ? dest : dest.resolve(file);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(trigger) && migrate.process.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the hand-over takes milliseconds: a sleeping poll would miss it
        }
        // In the hand-over, the destination QEMU is frozen too: the source cannot complete (it waits for the
        // destination's answer on the return path), so kvmctl is caught before it starts the destination however
        // fast it is. Thawed after the kill, QEMU finishes by itself: the destination loads and waits paused.
        int destQemu = file.isEmpty()
                ? 0
                : VmRecordStore.read(root.vm(NAME + LocalMigration.INCOMING_SUFFIX))
                        .map(r -> r.qemuPid())
                        .orElse(0);
        if (destQemu > 0) {
            Processes.kill(destQemu, Processes.SIGSTOP);
        }
        // kvmctl frozen before it dies, so the kill lands where the trigger was seen.
        Processes.kill((int) migrate.process.pid(), Processes.SIGSTOP);
        Thread.sleep(200);
        boolean pending = !file.isEmpty() && Files.exists(trigger);
        System.out.println("kvmctl killed at " + (file.isEmpty() ? "the destination's start" : file) + ", destination "
                + (Files.exists(trigger) ? "has " + trigger.getFileName() : "has no " + trigger.getFileName()));
        migrate.process.destroyForcibly(); // the JVM itself: SIGKILL
        migrate.process.waitFor();
        if (destQemu > 0) {
            Processes.kill(destQemu, Processes.SIGCONT);
            if (pending) { // the migration the source still sends completes by itself
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                try (Vm source = Vm.attach(root, NAME)) {
                    while (!source.status().state().equals("postmigrate") && System.nanoTime() < until) {
                        Thread.sleep(10);
                    }
                }
            }
        }
        return pending;
    }

    private static String sumIn(String line) {
        Matcher m = SUM.matcher(line);
        assertTrue(m.find(), line);
        return m.group(1);
    }

    private static long memoryInode(Vm vm) throws IOException {
        int fd = GuestMemoryArgs.sharedMemoryFd(vm.record().argv()).orElseThrow();
        return (Long) Files.getAttribute(
                Path.of("/proc", Integer.toString(vm.record().qemuPid()), "fd", Integer.toString(fd)), "unix:ino");
    }

    /** The processes that have kvmctl's guest memory open. */
    private static Set<Long> memoryHolders() throws IOException {
        Set<Long> holders = new TreeSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try (Stream<Path> fds = Files.list(p.resolve("fd"))) {
                    for (Path fd : fds.toList()) {
                        try {
                            if (Files.readSymbolicLink(fd).toString().startsWith("/memfd:kvmctl-guest-ram")) {
                                holders.add(Long.parseLong(p.getFileName().toString()));
                            }
                        } catch (IOException gone) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return holders;
    }
}
