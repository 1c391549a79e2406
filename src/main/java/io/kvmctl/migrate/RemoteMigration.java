package io.kvmctl.migrate;

import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qemu.Sandbox;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.Replies;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Both halves of a migration between hosts. The destination runs {@code kvmctl up PROFILE --incoming URI} (QEMU
 * listens at once) or {@code --incoming defer} followed by {@link #listen} (needed when capabilities that both
 * ends must share, multifd, postcopy, compress or TLS, are asked for). The source then runs {@link #send}. Reached
 * through {@link Migration}.
 *
 * <p>kvmctl on the source cannot ask the destination's QEMU whether it runs. With the {@code return-path}
 * capability (set whenever QEMU has it) the destination reports a failed load back, so {@code completed} on
 * the source means the destination has the whole state; only then is the source stopped.
 */
final class RemoteMigration {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private RemoteMigration() {}

    /** On the destination: configure QEMU (started with {@code -incoming defer}) and listen on {@code uri}. */
    static void listen(Vm dest, String uri, MigrationOptions options) throws IOException {
        String name = dest.name();
        refuseUnderSandbox(dest, uri);
        try (QmpClient qmp = MigrationMonitors.connect(dest)) {
            String state = Replies.string("query-status", qmp.execute("query-status"), "status");
            if (!state.equals("inmigrate")) {
                throw new MigrationException("VM " + name + " is " + state + ", not waiting for a migration; start it "
                        + "with 'kvmctl up PROFILE --incoming defer'");
            }
            EndpointSetup.apply(
                    qmp, options, MigrationSide.DESTINATION, dest.record().qemuPid());
            new QmpCommands(qmp).migrateIncoming(uri);
        }
    }

    /** A URI the VM's seccomp sandbox (as it was started) would not survive, such as {@code exec:}. */
    private static void refuseUnderSandbox(Vm vm, String uri) {
        Sandbox.recordedIn(vm.record().argv()).refusedMigration(uri).ifPresent(why -> {
            throw new IllegalArgumentException("VM " + vm.name() + ": " + why);
        });
    }

    /**
     * An {@code overlay: true} disk's writes live only in the source's runtime directory. A migration carries RAM
     * and device state, not disks, and a destination started from the profile has a fresh overlay of its own, so
     * the guest would go on without everything it wrote. ({@code --local} hands the overlay over.)
     */
    private static void refuseOverlays(Vm source) throws IOException {
        List<Path> overlays = new ArrayList<>();
        try (DirectoryStream<Path> s =
                Files.newDirectoryStream(source.directory().path(), "overlay-*.qcow2")) {
            s.forEach(overlays::add);
        }
        if (!overlays.isEmpty()) {
            throw new MigrationException("VM " + source.name() + " writes to overlay disks in its runtime directory ("
                    + overlays.stream().map(Path::toString).sorted().collect(Collectors.joining(", ")) + "); a"
                    + " migration carries memory and device state, not disks, so a destination with overlays of its"
                    + " own would lose every write: use 'kvmctl migrate " + source.name() + " --local' on this host,"
                    + " or give the disks images on storage both hosts share (overlay: false)");
        }
    }

    /** On the source: migrate {@code source} to {@code uri}; stops the source when it completed, unless kept. */
    static MigrationResult send(
            Vm source,
            String uri,
            MigrationOptions options,
            boolean keepSource,
            Consumer<MigrationStats> progress,
            MigrationCancel cancel)
            throws IOException {
        String name = source.name();
        if (!source.isRunning()) {
            throw new MigrationException("VM " + name + " is not running (QEMU " + source.exitDescription() + ")");
        }
        refuseOverlays(source);
        refuseUnderSandbox(source, uri);
        MigrationResult result;
        try (QmpClient qmp = MigrationMonitors.connect(source)) {
            EndpointSetup.apply(
                    qmp, options, MigrationSide.SOURCE, source.record().qemuPid());
            result = new OutgoingMigration(qmp, options, progress, cancel, Optional::empty).run(uri, name);
        }
        if (!result.completed()) {
            return result;
        }
        if (keepSource) {
            return new MigrationResult(
                    MigrationOutcome.COMPLETED,
                    result.explanation() + "; the source QEMU is kept " + "(paused, postmigrate): 'kvmctl down " + name
                            + "' removes it",
                    name,
                    result.stats());
        }
        source.stop(STOP_TIMEOUT, true);
        return new MigrationResult(
                MigrationOutcome.COMPLETED,
                result.explanation() + "; the destination has the " + "guest at " + uri
                        + " and the source QEMU was stopped",
                name,
                result.stats());
    }
}
