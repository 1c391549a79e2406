package io.kvmctl.migrate;

import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Live migration of one VM, the way a user holding a {@link Vm} asks for it:
 *
 * {@snippet :
 * MigrationResult r = Migration.of(vm)
 *         .withOptions(MigrationOptions.defaults().withMaxBandwidth(100L << 20))
 *         .onProgress(stats -> System.err.println(stats.progressLine()))
 *         .local();                      // a new QEMU on this host, same name
 * // or .to("tcp:10.0.0.2:4444")       // a destination host that listens
 * }
 *
 * <p>This lives here rather than as {@code vm.migration()} because a migration starts, stops and renames VMs
 * ({@code migrate} depends on {@code vm}); the reverse dependency would make the two packages a cycle.
 *
 * <p>{@link #of(RuntimeRoot, String)} names the VM instead of holding it: a local migration whose kvmctl was
 * killed can leave the guest running under {@code NAME.incoming} with no VM {@code NAME} to attach to until
 * {@link #local()} has settled it (as {@code kvmctl migrate NAME --local} does).
 *
 * <p>Instances are immutable: each {@code with...}/{@code on...} returns a copy.
 */
public final class Migration {
    private final RuntimeRoot root;
    private final String name;
    private final Vm vm; // null when named: attached when needed
    private final MigrationOptions options;
    private final Consumer<MigrationStats> progress;
    private final Consumer<String> steps;
    private final MigrationCancel cancel;
    private final boolean keepSource;
    private final Optional<Path> destinationQemu;

    private Migration(
            RuntimeRoot root,
            String name,
            Vm vm,
            MigrationOptions options,
            Consumer<MigrationStats> progress,
            Consumer<String> steps,
            MigrationCancel cancel,
            boolean keepSource,
            Optional<Path> destinationQemu) {
        this.root = Objects.requireNonNull(root, "root");
        this.name = Objects.requireNonNull(name, "name");
        this.vm = vm;
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.steps = Objects.requireNonNull(steps, "steps");
        this.cancel = Objects.requireNonNull(cancel, "cancel");
        this.keepSource = keepSource;
        this.destinationQemu = Objects.requireNonNull(destinationQemu, "destinationQemu");
    }

    /** A migration of {@code vm} with default options, no listeners and a cancel nobody requests. */
    public static Migration of(Vm vm) {
        return new Migration(
                vm.directory().root(),
                vm.name(),
                vm,
                MigrationOptions.defaults(),
                stats -> {},
                step -> {},
                new MigrationCancel(),
                false,
                Optional.empty());
    }

    /** Like {@link #of(Vm)}, for VM {@code name} in {@code root}, attached only when (and after) needed. */
    public static Migration of(RuntimeRoot root, String name) {
        return new Migration(
                root,
                name,
                null,
                MigrationOptions.defaults(),
                stats -> {},
                step -> {},
                new MigrationCancel(),
                false,
                Optional.empty());
    }

    /** Capabilities and parameters for both ends (bandwidth, downtime, multifd, postcopy, TLS, ...). */
    public Migration withOptions(MigrationOptions options) {
        return new Migration(root, name, vm, options, progress, steps, cancel, keepSource, destinationQemu);
    }

    /** Called with QEMU's {@code query-migrate} figures at every poll (about twice a second) while it runs. */
    public Migration onProgress(Consumer<MigrationStats> progress) {
        return new Migration(root, name, vm, options, progress, steps, cancel, keepSource, destinationQemu);
    }

    /**
     * Called with one line per step of a local migration (starting the destination, stopping the source, settling
     * what an interrupted earlier migration left behind).
     */
    public Migration onStep(Consumer<String> steps) {
        return new Migration(root, name, vm, options, progress, steps, cancel, keepSource, destinationQemu);
    }

    /** A cancel another thread may request (Ctrl-C): the migration is cancelled and the source runs on. */
    public Migration cancelledBy(MigrationCancel cancel) {
        return new Migration(root, name, vm, options, progress, steps, cancel, keepSource, destinationQemu);
    }

    /**
     * For {@link #to}: leave the migrated source QEMU paused (postmigrate) instead of stopping it; stopping the VM
     * removes it later.
     */
    public Migration keepingSource() {
        return new Migration(root, name, vm, options, progress, steps, cancel, true, destinationQemu);
    }

    /**
     * For {@link #local()}: start the destination with this QEMU binary instead of the source's, to move a running
     * guest to another QEMU version (7.2 to 10.0). The destination runs the machine type the VM runs (recorded at
     * its first start, e.g. {@code pc-q35-7.2}), so that binary must have it: the migration is refused before
     * anything starts when its {@code -machine help} does not list it (QEMU 7.2 has no {@code pc-q35-10.0}).
     */
    public Migration withDestinationQemu(Path binary) {
        return new Migration(
                root, name, vm, options, progress, steps, cancel, keepSource, Optional.of(binary.toAbsolutePath()));
    }

    /**
     * Migrates to a new QEMU on this host, started from the VM's recorded profile, under the same name. A
     * migration whose kvmctl was killed is settled first (finished or undone, by where the guest runs).
     *
     * @throws IllegalStateException with {@link #keepingSource()}: two QEMUs cannot run under one name
     */
    public MigrationResult local() throws IOException {
        return local(Optional.empty());
    }

    /** Like {@link #local()}, the destination taking {@code newName} (the old name is free afterwards). */
    public MigrationResult local(String newName) throws IOException {
        return local(Optional.of(newName));
    }

    private MigrationResult local(Optional<String> newName) throws IOException {
        if (keepSource) {
            throw new IllegalStateException("a local migration always stops its source; keepingSource() is for to()");
        }
        return LocalMigration.run(root, name, vm, newName, destinationQemu, options, progress, cancel, steps);
    }

    /**
     * Migrates to a destination that listens at {@code uri} (e.g. {@code tcp:10.0.0.2:4444}), started there with
     * {@code kvmctl up PROFILE --incoming URI}, or {@code --incoming defer} and then {@link #listen}. The source
     * is stopped once the destination has the whole state, unless {@link #keepingSource()}.
     */
    public MigrationResult to(String uri) throws IOException {
        if (destinationQemu.isPresent()) {
            throw new IllegalStateException(
                    "withDestinationQemu() is for local(): a remote destination runs the QEMU its host started");
        }
        return onVm(source -> {
            refuseTpm(source);
            return RemoteMigration.send(source, uri, options, keepSource, progress, cancel);
        });
    }

    /** On the destination, a VM started with {@code -incoming defer}: applies the options and listens on {@code uri}. */
    public void listen(String uri) throws IOException {
        onVm(dest -> {
            RemoteMigration.listen(dest, uri, options);
            return null;
        });
    }

    /** Switches the migration this VM is sending to postcopy now (it must have been started with postcopy). */
    public void startPostcopy() throws IOException {
        onVm(source -> source.qmp().execute("migrate-start-postcopy"));
    }

    /**
     * A VM with a TPM does not migrate yet: swtpm's state must travel in QEMU's migration stream to a second swtpm
     * on the destination, and on one host that swtpm would need the state folder the source's swtpm holds locked.
     */
    static void refuseTpm(Vm vm) throws MigrationException {
        if (io.kvmctl.qemu.TpmArgs.in(vm.record().argv())) {
            throw new MigrationException("VM " + vm.name() + " has a TPM (tpm: true), and kvmctl cannot migrate it"
                    + " yet: swtpm's state must migrate with QEMU's migration stream; stop it with 'kvmctl down "
                    + vm.name() + "' and start it where it should run");
        }
    }

    private interface VmAction<T> {
        T on(Vm vm) throws IOException;
    }

    /** Runs {@code action} on the held VM, or on the named one attached for it (and let go afterwards). */
    private <T> T onVm(VmAction<T> action) throws IOException {
        if (vm != null) {
            return action.on(vm);
        }
        try (Vm attached = Vm.attach(root, name)) {
            return action.on(attached);
        }
    }
}
