package io.kvmctl.migrate;

import io.kvmctl.profile.NicSpec;
import io.kvmctl.profile.Profile;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qemu.MachineTypes;
import io.kvmctl.qmp.EventSubscription;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpEvent;
import io.kvmctl.qmp.Replies;
import io.kvmctl.unix.UnixSocket;
import io.kvmctl.vm.QemuMachineTypes;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmLock;
import io.kvmctl.vm.VmNames;
import io.kvmctl.vm.VmRenamer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A migration to a new QEMU on this host: start the destination from the source's recorded profile with
 * {@code -incoming defer}, configure both ends, migrate over a Unix socket in the destination's runtime directory,
 * and only once the destination reports the guest running, stop the source and (for a migration under the same
 * name) move the destination to the source's name.
 *
 * <p>States a crash can leave, in order: (1) the destination is starting or receiving under
 * {@code NAME.incoming} (listed as {@code interrupted} while it has no record; the source QEMU goes on sending a
 * migration that was under way by itself): the source still runs the guest; (2) the migration completed: the
 * destination runs under {@code NAME.incoming}, the source is paused (postmigrate); (3) the source is stopped:
 * the guest runs under {@code NAME.incoming}; (4) the directory was renamed ({@link VmRenamer}, one atomic
 * rename): the guest runs under NAME. In every one the guest runs in exactly one place and every QEMU is listed,
 * and the next {@code kvmctl migrate NAME --local} first settles what was left ({@link InterruptedMigrations}).
 */
final class LocalMigration {
    /** The name under which both QEMUs get their end of the migration stream ({@code getfd}). */
    static final String MIGRATION_FD = "kvmctl-migration";

    /** Closes kvmctl's copies of both ends once QEMU has its own. */
    private record SocketPairEnds(UnixSocket destination, UnixSocket source) implements AutoCloseable {
        static SocketPairEnds open() throws IOException {
            UnixSocket[] ends = UnixSocket.pair();
            return new SocketPairEnds(ends[0], ends[1]);
        }

        @Override
        public void close() {
            destination.close();
            source.close();
        }
    }

    static final String INCOMING_SUFFIX = ".incoming";
    /**
     * A file in a shared-memory destination's runtime directory from before the migration until just before kvmctl
     * starts the loaded destination: while it is there the destination has not run the guest, so the source may
     * take it back. It holds the source's run state ({@code running}: the destination is to be started).
     * {@link InterruptedMigrations} reads it when kvmctl was killed in between.
     */
    static final String HAND_OVER_PENDING = "hand-over-pending";

    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** For an event that follows its cause at once (QEMU sends it before the reply, or already has). */
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(1);
    /** Between questions to a destination the guest waits for (a shared-memory hand-over). */
    private static final long HAND_OVER_POLL_MS = 1;

    private LocalMigration() {}

    /**
     * @param caller the caller's handle on VM {@code name}, or null when it has none (the VM may then be found only
     *     once an interrupted migration is settled)
     * @param newName the destination's name; empty (or equal to {@code name}) keeps the name
     * @param notes one line per step, for a verbose user
     */
    static MigrationResult run(
            RuntimeRoot root,
            String name,
            Vm caller,
            Optional<String> newName,
            Optional<Path> destinationQemu,
            MigrationOptions options,
            Consumer<MigrationStats> progress,
            MigrationCancel cancel,
            Consumer<String> notes)
            throws IOException {
        String finalName = newName.orElse(name);
        VmNames.requireValid(finalName);
        boolean sameName = finalName.equals(name);
        VmRenamer.sweepDanglingAliases(root);
        InterruptedMigrations.settle(root, name, notes);
        String destName = sameName ? temporaryName(root, name) : finalName;
        // Held until the end, so that the next kvmctl can tell this migration's destination from one whose kvmctl
        // was killed (InterruptedMigrations); reentrant, so starting and discarding the destination take it too.
        VmLock destLock = VmLock.acquire(root.vm(destName));
        try {
            return run(caller, root, name, destName, finalName, destinationQemu, options, progress, cancel, notes);
        } finally {
            destLock.close();
        }
    }

    private static MigrationResult run(
            Vm caller,
            RuntimeRoot root,
            String name,
            String destName,
            String finalName,
            Optional<Path> destinationQemu,
            MigrationOptions options,
            Consumer<MigrationStats> progress,
            MigrationCancel cancel,
            Consumer<String> notes)
            throws IOException {
        // Attached afresh: settling may have replaced the VM under this name. While it is still the caller's
        // QEMU, the caller's handle acts (QEMU serves one client per monitor, and the caller may hold one).
        Vm source = Vm.attach(root, name);
        if (caller != null && source.record().qemuPid() == caller.record().qemuPid()) {
            source = caller;
        }
        if (!source.isRunning()) {
            throw new MigrationException("VM " + name + " is not running (QEMU " + source.exitDescription() + ")");
        }
        Migration.refuseTpm(source);
        Path destQemu = destinationQemu.orElse(Path.of(source.record().argv().get(0)));
        // The guest keeps the hardware it booted with: the destination runs the recorded versioned type, which
        // its QEMU must have (QEMU 10 has pc-q35-7.2; QEMU 7.2 has no pc-q35-10.0).
        String machine = source.machineType();
        requireMachineType(name, machine, destQemu);
        Profile profile = destinationProfile(source).withMachine(machine);
        QmpClient sourceQmp = MigrationMonitors.connect(source);
        String sourceState;
        MemoryHandOver memory;
        try {
            sourceState = Replies.string("query-status", sourceQmp.execute("query-status"), "status");
            if (!sourceState.equals("running") && !sourceState.equals("paused")) {
                throw new MigrationException(
                        "VM " + name + " is " + sourceState + "; only a running or paused VM migrates");
            }
            memory = MemoryHandOver.choose(source, sourceQmp);
        } catch (IOException | RuntimeException e) {
            sourceQmp.close();
            throw e;
        }
        notes.accept(memory.note());
        boolean shared = memory.shared();
        MigrationOptions effective = options;
        if (shared && !options.ramCopyOptions().isEmpty()) {
            notes.accept(String.join(", ", options.ramCopyOptions()) + " left out: no RAM is copied");
            effective = options.withoutRamCopyOptions();
        }

        notes.accept("starting the destination " + destName + " with -incoming defer");
        StartOptions start = StartOptions.defaults()
                .withRoot(root)
                .withName(destName)
                .withIncoming("defer")
                .withQemuBinary(destQemu)
                .withOverlaysFrom(source.directory().path())
                // One log history per VM: the destination's logs go where the source's went.
                .withLogRoot(io.kvmctl.vm.LogRoot.of(source.directory()));
        if (shared) {
            // The destination loads the guest paused (-S) and kvmctl starts it: until then it has not touched the
            // memory both map, so a destination lost in the hand-over leaves a source that can safely resume.
            start = start.withPaused(true);
        }
        if (source.record().firmware() != null) {
            // The same UEFI build and the same variables store: QEMU opens the destination's flash inactive, as it
            // does its disks, until the guest's memory (which holds the flash contents) has arrived.
            start = start.withFirmware(source.record().firmware());
        }
        Path profileFile = profileFile(source);
        Vm dest;
        try (memory) { // the destination QEMU holds its own descriptor once started
            dest = Vm.start(profile, memory.applyTo(start).withProfileSource(profileFile));
        } catch (IOException | RuntimeException e) {
            sourceQmp.close();
            throw e;
        }
        MigrationResult result;
        boolean destDiscarded = false;
        EventSubscription sourceStops = null;
        try (sourceQmp) {
            EndpointSetup.apply(
                    dest.qmp(),
                    effective,
                    MigrationSide.DESTINATION,
                    dest.record().qemuPid(),
                    shared);
            // The stream goes through a socket pair kvmctl hands to both QEMUs, not a socket file: a QEMU that
            // dropped root to the kvmctl user could neither create nor connect to one in root's 0700 directory.
            String uri = "fd:" + MIGRATION_FD;
            try (var pair = SocketPairEnds.open()) {
                new QmpCommands(dest.qmp())
                        .getfd(MIGRATION_FD, pair.destination().fd());
                new QmpCommands(dest.qmp()).migrateIncoming(uri);
                new QmpCommands(sourceQmp).getfd(MIGRATION_FD, pair.source().fd());
            }
            EndpointSetup.apply(
                    sourceQmp, effective, MigrationSide.SOURCE, source.record().qemuPid(), shared);
            if (shared) {
                // For the next kvmctl, should this one be killed before it starts the destination: which state the
                // guest had, and that the destination has not run it (so the source may still take it back).
                Files.writeString(dest.directory().path().resolve(HAND_OVER_PENDING), sourceState);
            }
            notes.accept("migrating " + name + " to " + destName + " over a socket pair");
            // The source's STOP, with QEMU's timestamp: the start of the pause the guest sees (QEMU's "downtime" ends
            // when the source is done, before the destination runs).
            sourceStops = sourceQmp.subscribe("STOP", 8);
            result = new OutgoingMigration(
                            sourceQmp,
                            effective,
                            progress,
                            cancel,
                            () -> dest.isRunning()
                                    ? Optional.empty()
                                    : Optional.of("the destination QEMU " + dest.exitDescription()))
                    .run(uri, name);
            if (result.completed() && shared) {
                result = startSharedDestination(dest, sourceQmp, sourceStops, sourceState, name, result, notes);
                destDiscarded = !result.completed();
            } else if (result.completed()) {
                String destState = awaitState(dest, sourceState);
                if (!destState.equals(sourceState)) {
                    // The destination goes first: were it to start late, the guest would run twice (on one memory,
                    // when shared).
                    discard(dest, notes);
                    destDiscarded = true;
                    String resumed = resume(sourceQmp);
                    result = new MigrationResult(
                            MigrationOutcome.FAILED,
                            "the migration completed but the " + "destination is " + destState + ", not " + sourceState
                                    + "; " + resumed,
                            name,
                            result.stats());
                }
            }
        } catch (IOException | RuntimeException e) {
            discard(dest, notes);
            throw e;
        } finally {
            if (sourceStops != null) {
                sourceStops.close();
            }
        }
        if (!result.completed()) {
            if (!destDiscarded) {
                discard(dest, notes);
            }
            return result;
        }
        dest.qmp().close(); // let go of the destination without stopping it: it is the VM now
        notes.accept("destination runs; stopping the source");
        if (shared) {
            result = new MigrationResult(
                    result.outcome(),
                    result.explanation() + ", guest memory handed over, not copied",
                    result.vmName(),
                    result.stats());
        }
        return switchOver(root, source, name, destName, finalName, result);
    }

    /**
     * After a shared-memory migration completed: the destination has loaded the device state paused (-S). Starts it
     * when the source was running. Should it not be paused (it died, or is stuck loading), it is removed first and
     * the source resumed: it never ran the guest, so the memory is as the paused source left it. Once started, the
     * destination is the guest; the source is never resumed after that.
     */
    private static MigrationResult startSharedDestination(
            Vm dest,
            QmpClient sourceQmp,
            EventSubscription sourceStops,
            String sourceState,
            String name,
            MigrationResult result,
            Consumer<String> notes)
            throws IOException {
        // Polled closely: the guest is paused all along, and QEMU sends no event when a loaded destination pauses.
        String loaded = awaitState(dest, "paused", HAND_OVER_POLL_MS);
        if (!loaded.equals("paused")) {
            discard(dest, notes);
            return new MigrationResult(
                    MigrationOutcome.FAILED,
                    "the migration completed but the destination is " + loaded + ", not paused with the guest loaded; "
                            + resume(sourceQmp),
                    name,
                    result.stats());
        }
        notes.accept("destination loaded the guest" + (sourceState.equals("running") ? "; starting it" : ""));
        if (!dest.isRunning()) {
            discard(dest, notes);
            return new MigrationResult(
                    MigrationOutcome.FAILED,
                    "the destination QEMU " + dest.exitDescription() + " after it loaded the guest, before it ran it; "
                            + resume(sourceQmp),
                    name,
                    result.stats());
        }
        // Gone before the destination may run: from here on the source must never take the guest back.
        Files.deleteIfExists(dest.directory().path().resolve(HAND_OVER_PENDING));
        if (sourceState.equals("running")) {
            Optional<QmpEvent> resumed;
            try (EventSubscription resumes = dest.qmp().subscribe("RESUME", 8)) {
                dest.qmp().execute("cont");
                resumed = resumes.poll(EVENT_TIMEOUT);
            }
            String running = awaitState(dest, "running", HAND_OVER_POLL_MS);
            if (!running.equals("running")) {
                return new MigrationResult(
                        MigrationOutcome.FAILED,
                        "the destination took over the guest's memory and then became " + running + "; the source "
                                + "stays paused (resuming it would run the guest on memory the destination changed)",
                        name,
                        result.stats());
            }
            Optional<QmpEvent> stopped = sourceStops.poll(EVENT_TIMEOUT);
            if (stopped.isPresent() && resumed.isPresent()) {
                long pauseMs = Duration.between(
                                stopped.get().timestamp(), resumed.get().timestamp())
                        .toMillis();
                return new MigrationResult(
                        result.outcome(),
                        result.explanation() + ", guest paused " + pauseMs + " ms from the source's stop to the "
                                + "destination's start",
                        result.vmName(),
                        result.stats());
            }
        }
        return result;
    }

    private static void requireMachineType(String name, String machine, Path destQemu) throws IOException {
        MachineTypes types = QemuMachineTypes.of(destQemu);
        if (types.offers(machine)) {
            return;
        }
        String newest = types.family(machine)
                .map(f -> " (its newest " + f.getKey() + " type is " + f.getValue() + ")")
                .orElse("");
        throw new MigrationException("VM " + name + " runs machine type " + machine + ", which the destination QEMU "
                + destQemu + " does not have" + newest + ", and a guest's hardware must not change under it; "
                + "migrate to a QEMU that lists " + machine + " in '-machine help' (the same version or newer), "
                + "or, to move to an older QEMU, start the VM with a type that QEMU has (e.g. machine: "
                + types.family(machine).map(Map.Entry::getValue).orElse("one it lists") + " in its profile)");
    }

    /** Stops the source and moves the destination to the final name, under the name's lock. */
    private static MigrationResult switchOver(
            RuntimeRoot root, Vm source, String name, String destName, String finalName, MigrationResult result)
            throws IOException {
        VmLock lock = VmLock.acquire(root.vm(name)); // reentrant: stop() below takes it too
        try {
            source.stop(STOP_TIMEOUT, true);
            if (!destName.equals(finalName)) {
                VmRenamer.rename(root, destName, finalName);
            }
        } finally {
            lock.close();
        }
        return new MigrationResult(
                MigrationOutcome.COMPLETED,
                result.explanation() + "; the guest runs as VM " + finalName + " and the source QEMU was stopped",
                finalName,
                result.stats());
    }

    /**
     * {@code NAME.incoming}, or {@code NAME.incoming2}, ... when an earlier migration's alias link still holds that
     * name (its VM runs on under NAME, and the link keeps QEMU's pid-file path valid).
     */
    static String temporaryName(RuntimeRoot root, String name) throws MigrationException {
        for (String candidate : temporaryNames(name)) {
            if (!Files.exists(root.vm(candidate).path(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
        throw new MigrationException("no free temporary name for the destination of " + name + " in " + root.path()
                + ": remove stale " + name + INCOMING_SUFFIX + "* entries there");
    }

    /** The names a same-name migration's destination may have, in the order they are tried. */
    static List<String> temporaryNames(String name) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < 100; i++) {
            String suffix = INCOMING_SUFFIX + (i == 1 ? "" : Integer.toString(i));
            names.add(name.substring(0, Math.min(name.length(), 64 - suffix.length())) + suffix);
        }
        return names;
    }

    private static Path profileFile(Vm source) throws MigrationException {
        Path copy = source.directory().profileCopy();
        if (Files.isRegularFile(copy)) {
            return copy;
        }
        String recorded = source.record().profileSource();
        if (recorded != null && Files.isRegularFile(Path.of(recorded))) {
            return Path.of(recorded);
        }
        throw new MigrationException("VM " + source.name() + " has no recorded profile (it was not started from a "
                + "profile file), so kvmctl cannot start a destination with the same devices; start one yourself "
                + "with 'kvmctl up PROFILE --incoming tcp:ADDR:PORT' and use 'kvmctl migrate " + source.name()
                + " --to tcp:ADDR:PORT'");
    }

    /**
     * The source's profile, loaded under the source's name so that everything derived from the name matches,
     * and with each NIC's MAC address pinned (they are derived from the name, and the destination has another).
     */
    private static Profile destinationProfile(Vm source) throws IOException {
        Profile p;
        try {
            p = ProfileLoader.forThisHost()
                    .load(profileFile(source), Optional.of(source.name()))
                    .profile();
        } catch (ProfileException e) {
            throw new MigrationException(
                    "the recorded profile of VM " + source.name() + " no longer loads: " + e.getMessage(), e);
        }
        List<NicSpec> nics = new ArrayList<>();
        for (int i = 0; i < p.nics().size(); i++) {
            NicSpec n = p.nics().get(i);
            nics.add(new NicSpec(n.id(), n.model(), Optional.of(n.macFor(source.name(), i)), n.backend()));
        }
        return p.withNics(nics);
    }

    /** Waits until the destination's run state is {@code wanted} (or QEMU settles in another); returns it. */
    private static String awaitState(Vm dest, String wanted) throws IOException {
        return awaitState(dest, wanted, 50);
    }

    private static String awaitState(Vm dest, String wanted, long pollMs) throws IOException {
        long deadline = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
        String state = "unknown";
        while (System.nanoTime() < deadline && dest.isRunning()) {
            state = Replies.string("query-status", dest.qmp().execute("query-status"), "status");
            if (state.equals(wanted)) {
                return state;
            }
            sleep(pollMs);
        }
        return dest.isRunning() ? state : "gone (QEMU " + dest.exitDescription() + ")";
    }

    private static String resume(QmpClient sourceQmp) throws IOException {
        String state = Replies.string("query-status", sourceQmp.execute("query-status"), "status");
        if (!state.equals("running")) {
            sourceQmp.execute("cont");
            return "the source (" + state + ") has been resumed";
        }
        return "the source keeps running";
    }

    private static void discard(Vm dest, Consumer<String> notes) {
        try {
            dest.stop(Duration.ZERO, true);
            notes.accept("the destination was stopped and removed");
        } catch (IOException e) {
            notes.accept("could not clean up the destination: " + e.getMessage());
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the destination");
        }
    }
}
