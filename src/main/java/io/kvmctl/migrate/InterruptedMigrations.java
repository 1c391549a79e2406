package io.kvmctl.migrate;

import io.kvmctl.qemu.GuestMemoryArgs;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.Replies;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmLock;
import io.kvmctl.vm.VmRenamer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Puts right what a local migration under the same name leaves when its kvmctl is killed, before the next
 * {@code kvmctl migrate NAME --local} starts: a destination {@code NAME.incoming*} that no live kvmctl holds (a
 * running migration holds its destination's lock throughout) is finished or removed, by where the guest is.
 * <ul>
 *   <li>a destination whose start was interrupted, or that exited: removed;
 *   <li>a migration QEMU still sends on its own (the source does not need kvmctl to carry on): cancelled, which
 *       leaves the guest running on the source;
 *   <li>a destination that never got the guest ({@code inmigrate}): stopped; a source QEMU paused at the switch-over
 *       is resumed;
 *   <li>a destination that runs the guest: the source (paused for good, {@code postmigrate}) is stopped and the
 *       destination takes the name, as the killed kvmctl would have done.
 * </ul>
 * A destination that is not this VM's (its record names another profile) is left alone.
 */
final class InterruptedMigrations {
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SWITCH_OVER_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> IN_PROGRESS =
            Set.of("setup", "active", "device", "pre-switchover", "cancelling", "wait-unplug");

    private InterruptedMigrations() {}

    static void settle(RuntimeRoot root, String name, Consumer<String> notes) throws IOException {
        for (String dest : LocalMigration.temporaryNames(name)) {
            if (!Files.isDirectory(root.vm(dest).path(), LinkOption.NOFOLLOW_LINKS)) {
                continue; // absent, or the alias link of an earlier, finished migration
            }
            VmLock lock = VmLock.tryAcquire(root.vm(dest));
            if (lock == null) {
                throw new MigrationException("VM " + name + " is being migrated by another kvmctl (its destination "
                        + dest + " is locked); wait for that one to end");
            }
            try {
                settleOne(root, name, dest, notes);
            } finally {
                lock.close();
            }
        }
    }

    private static void settleOne(RuntimeRoot root, String name, String destName, Consumer<String> notes)
            throws IOException {
        // Closed at the end: QEMU serves one client per monitor, and the migration that follows needs them.
        try (Vm dest = Vm.attach(root, destName);
                Vm source = existing(root, name)) {
            settleOne(root, name, dest, source, notes);
        }
    }

    private static void settleOne(RuntimeRoot root, String name, Vm dest, Vm source, Consumer<String> notes)
            throws IOException {
        String destName = dest.name();
        // A shared-memory destination: whether it may have run the guest on the memory the source maps.
        Optional<String> pendingHandOver = pendingHandOver(dest);
        boolean sharedMemory = dest.unrecordedState().isEmpty()
                && GuestMemoryArgs.sharedMemoryFd(dest.record().argv()).isPresent();
        if (dest.unrecordedState().isPresent() || !dest.isRunning()) {
            dest.stop(Duration.ZERO, true);
            notes.accept("removed " + destName + ", the destination of an interrupted migration (its QEMU never "
                    + "answered, or has exited)");
            if (pendingHandOver.isPresent()
                    && source != null
                    && source.isRunning()
                    && source.unrecordedState().isEmpty()) {
                resumeIfPausedByMigration(source, notes); // that destination never ran the guest
            }
            return;
        }
        if (!root.vm(name).profileCopy().toString().equals(dest.record().profileSource())) {
            return; // a VM of that name that is no destination of this one
        }
        if (source != null && source.isRunning() && source.unrecordedState().isEmpty()) {
            cancelOrphanedMigration(source, notes);
        }
        String destState = stateOrGone(dest);
        // A source paused at the switch-over and a destination still loading: it is about to run the guest.
        long deadline = System.nanoTime() + SWITCH_OVER_TIMEOUT.toNanos();
        while (destState.equals("inmigrate")
                && source != null
                && source.isRunning()
                && source.unrecordedState().isEmpty()
                && stateOrGone(source).equals("postmigrate")
                && System.nanoTime() < deadline) {
            sleep();
            destState = stateOrGone(dest);
        }
        // QEMU ends a destination whose incoming migration failed or was cancelled (exit status 1).
        if (destState.equals("inmigrate") || destState.equals("gone")) {
            dest.stop(Duration.ZERO, true);
            notes.accept("removed " + destName + ", the destination of an interrupted migration that never got the "
                    + "guest");
            if (sharedMemory && pendingHandOver.isEmpty()) {
                notes.accept("VM " + name + " stays paused: the destination was started on the guest memory both "
                        + "map, so the source's state no longer matches it");
            } else if (source != null
                    && source.isRunning()
                    && source.unrecordedState().isEmpty()) {
                resumeIfPausedByMigration(source, notes);
            }
            return;
        }
        // The destination has the guest: finish the switch-over the killed kvmctl did not get to.
        VmLock lock = VmLock.acquire(root.vm(name));
        try {
            if (source != null) {
                String sourceState = source.unrecordedState().isEmpty() ? stateOrGone(source) : "gone";
                if (!Set.of("gone", "postmigrate", "finish-migrate").contains(sourceState)) {
                    throw new MigrationException("VM " + name + " is " + sourceState + " while " + destName + " (the "
                            + "destination of an interrupted migration) is " + destState + ": kvmctl will not guess "
                            + "which one holds the guest; look at both ('kvmctl console') and 'kvmctl down' the other");
                }
                source.stop(Duration.ZERO, true);
            }
            if (pendingHandOver.isPresent()) {
                // Loaded, not yet started by the killed kvmctl: start it as it would have (the source is gone now).
                Files.deleteIfExists(dest.directory().path().resolve(LocalMigration.HAND_OVER_PENDING));
                if (pendingHandOver.get().equals("running") && destState.equals("paused")) {
                    dest.qmp().execute("cont");
                }
            }
            VmRenamer.rename(root, destName, name);
        } finally {
            lock.close();
        }
        notes.accept("finished an interrupted migration: the guest ran on " + destName + ", which is VM " + name
                + " again; the source QEMU was stopped");
    }

    /** The source's run state a shared-memory destination recorded before its migration, while it has not run. */
    private static Optional<String> pendingHandOver(Vm dest) throws IOException {
        Path marker = dest.directory().path().resolve(LocalMigration.HAND_OVER_PENDING);
        try {
            return Optional.of(Files.readString(marker).strip());
        } catch (java.nio.file.NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    /** A migration the source QEMU still sends, with no kvmctl watching it: cancelled (the guest runs on there). */
    private static void cancelOrphanedMigration(Vm source, Consumer<String> notes) throws IOException {
        try (QmpClient qmp = QmpClient.connect(source.directory().userMonitorSocket(), QMP_TIMEOUT)) {
            String status = Replies.stringOr(qmp.execute("query-migrate").path("status"), "none");
            if (status.startsWith("postcopy")) {
                throw new MigrationException(
                        "VM " + source.name() + " is in a postcopy migration (" + status + ") "
                                + "whose kvmctl was killed; it cannot be cancelled: wait for it to complete, then run this again");
            }
            if (!IN_PROGRESS.contains(status)) {
                return;
            }
            qmp.execute("migrate_cancel");
            long deadline = System.nanoTime() + CANCEL_TIMEOUT.toNanos();
            while (IN_PROGRESS.contains(status) && System.nanoTime() < deadline) {
                sleep();
                status = Replies.stringOr(qmp.execute("query-migrate").path("status"), "none");
            }
            notes.accept("cancelled the migration of " + source.name() + " that a killed kvmctl had started (QEMU: "
                    + status + ")");
        }
    }

    private static void resumeIfPausedByMigration(Vm source, Consumer<String> notes) throws IOException {
        String state = runState(source);
        if (state.equals("postmigrate") || state.equals("finish-migrate")) {
            source.qmp().execute("cont");
            notes.accept("resumed " + source.name() + " (" + state + "): the destination never got the guest");
        }
    }

    private static Vm existing(RuntimeRoot root, String name) throws IOException {
        try {
            return Vm.attach(root, name);
        } catch (io.kvmctl.vm.NoSuchVmException e) {
            return null;
        }
    }

    private static String runState(Vm vm) throws IOException {
        return Replies.string("query-status", vm.qmp().execute("query-status"), "status");
    }

    /** The run state, or "gone" when QEMU has exited (also while being asked). */
    private static String stateOrGone(Vm vm) throws IOException {
        if (!vm.isRunning()) {
            return "gone";
        }
        try {
            return runState(vm);
        } catch (IOException e) {
            if (vm.awaitExit(Duration.ofSeconds(1))) {
                return "gone"; // the question failed because QEMU was exiting
            }
            throw e;
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for QEMU to cancel a migration");
        }
    }
}
