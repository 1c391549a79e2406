package io.kvmctl.vm;

import io.kvmctl.agent.GuestAgent;
import io.kvmctl.devices.Devices;
import io.kvmctl.net.NicHotplug;
import io.kvmctl.profile.Profile;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpOptions;
import io.kvmctl.resources.Balloon;
import io.kvmctl.resources.VcpuPinning;
import io.kvmctl.snapshot.Snapshots;
import io.kvmctl.stats.StatsCollector;
import io.kvmctl.stats.VmStats;
import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A handle on one VM: started here ({@link #start}) or found by name ({@link #attach}). A VM started here is
 * stopped gracefully by {@link #close()}; an attached one is only let go (its QMP connection closed), since the
 * VM belongs to whoever started it.
 *
 * {@snippet :
 * try (Vm vm = Vm.start(Path.of("qemu-profiles/tiny.yaml"), StartOptions.defaults())) {
 *     System.out.println(vm.qmp().execute("query-status"));
 * } // ACPI power-down, then quit, SIGTERM, SIGKILL as needed
 * }
 */
public final class Vm implements AutoCloseable {
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QMP_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final VmDirectory dir;
    private final VmRecord record;
    private final QemuSupervisor supervisor; // null when attached
    private final UnrecordedVm.State unrecorded; // null for a recorded VM
    private QmpClient qmp;
    private boolean stopped;
    private List<Path> monitors; // null: the default order (see qmp())

    Vm(VmDirectory dir, VmRecord record, QmpClient qmp, QemuSupervisor supervisor) {
        this(dir, record, qmp, supervisor, null);
    }

    /** A VM found without a record (see {@link UnrecordedVm}); {@code record} was put together from /proc. */
    Vm(VmDirectory dir, VmRecord record, QmpClient qmp, QemuSupervisor supervisor, UnrecordedVm.State unrecorded) {
        this.unrecorded = unrecorded;
        this.dir = dir;
        this.record = record;
        this.qmp = qmp;
        this.supervisor = supervisor;
        if (qmp != null) {
            qmp.setCloseReason(this::exitDescription);
        }
    }

    /** Starts a VM from a validated profile and returns once its QMP monitor answers. */
    public static Vm start(Profile profile, StartOptions options) throws IOException {
        return VmStarter.start(profile, options);
    }

    /** Loads and validates a profile file (warnings are dropped: see {@link ProfileLoader}), then starts it. */
    public static Vm start(Path profileFile, StartOptions options) throws IOException, ProfileException {
        Profile profile =
                ProfileLoader.forThisHost().load(profileFile, options.name()).profile();
        return VmStarter.start(profile, options.withProfileSource(profileFile));
    }

    /**
     * Finds a VM by name in {@code root}; fails when there is no such VM. A runtime directory without a record
     * (a start in progress, or one whose kvmctl was killed) is a VM too: see {@link #unrecordedState()}.
     */
    public static Vm attach(RuntimeRoot root, String name) throws IOException {
        RuntimeAccess.checkUsable(root);
        VmDirectory dir = root.vm(name);
        Optional<VmRecord> found = VmRecordStore.read(dir);
        if (found.isEmpty()) {
            if (!Files.isDirectory(dir.path(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchVmException(name, root);
            }
            return UnrecordedVm.attach(dir);
        }
        VmRecord record = found.get();
        if (!record.name().equals(dir.name()) && !java.nio.file.Files.isSymbolicLink(dir.path())) {
            record = VmRenamer.renamed(record, dir.name()); // a rename's commit point is the directory's name
        }
        return new Vm(dir, record, null, null);
    }

    /**
     * Like {@link #attach(RuntimeRoot, String)}, for a client that stays: its {@link #qmp()} connects on
     * {@code monitors} in order (e.g. {@link VmDirectory#residentMonitors()}) instead of the short commands' list, so a
     * long-lived connection never sits on the control monitor.
     */
    public static Vm attach(
            RuntimeRoot root, String name, java.util.function.Function<VmDirectory, List<Path>> monitors)
            throws IOException {
        Vm vm = attach(root, name);
        vm.monitors = List.copyOf(monitors.apply(vm.dir));
        return vm;
    }

    /**
     * Lets go of a VM started here without stopping it (its QMP connection closes, the starter's monitor is free
     * again): what a detached {@code up} does by exiting, for a process that goes on.
     */
    public synchronized void release() {
        stopped = true;
        closeQmp();
    }

    public String name() {
        return record.name();
    }

    public VmRecord record() {
        return record;
    }

    public VmDirectory directory() {
        return dir;
    }

    /**
     * Where this VM's serial and QEMU logs are kept once it is down ({@code serial.log}, {@code qemu.log} and their
     * rotated files); while it runs they are in its runtime directory.
     */
    public Path logFolder() throws IOException {
        return LogRoot.of(dir).vm(dir.name());
    }

    /**
     * The profile this VM was started from, as it was then (the copy in its runtime directory, with relative paths
     * resolved against the original file's folder), under this VM's name and on the machine type it runs: what a
     * restart or a migration destination needs to get the same devices.
     */
    public Profile recordedProfile() throws IOException, ProfileException {
        if (record.profileSource() == null || !Files.exists(dir.profileCopy())) {
            throw new IOException("VM " + name() + " was started from a profile object, not a file: its profile "
                    + "was not recorded");
        }
        Profile p = ProfileLoader.forThisHost()
                .parse(Path.of(record.profileSource()), Files.readString(dir.profileCopy()), Optional.of(name()))
                .profile();
        return record.machine() == null ? p : p.withMachine(record.machine());
    }

    /**
     * The versioned machine type this VM runs ({@code pc-q35-7.2}), as recorded when it started; for a VM whose
     * record predates that, asked from its QEMU (the QOM type of {@code /machine}, {@code pc-q35-7.2-machine}).
     */
    public String machineType() throws IOException {
        if (record.machine() != null) {
            return record.machine();
        }
        String qom = qmp().execute(
                        "qom-get",
                        io.kvmctl.qmp.Json.object().put("path", "/machine").put("property", "type"))
                .asString("");
        return qom.endsWith("-machine") ? qom.substring(0, qom.length() - "-machine".length()) : qom;
    }

    /**
     * The profile file to build this VM again from: the file it was started from while that still exists, else the
     * copy taken at its start; empty when it was started from a profile object and neither exists.
     */
    public Optional<Path> profileFile() {
        if (record.profileSource() != null && Files.isRegularFile(Path.of(record.profileSource()))) {
            return Optional.of(Path.of(record.profileSource()));
        }
        return Files.isRegularFile(dir.profileCopy()) ? Optional.of(dir.profileCopy()) : Optional.empty();
    }

    /**
     * For a runtime directory without a record: {@code starting} (another kvmctl is starting it),
     * {@code interrupted} (its kvmctl was killed, QEMU runs) or {@code stale} (nothing runs). Empty for a
     * recorded VM.
     */
    public Optional<String> unrecordedState() {
        return Optional.ofNullable(unrecorded).map(s -> s.label);
    }

    UnrecordedVm.State unrecorded() {
        return unrecorded;
    }

    /** Whether QEMU still runs. */
    public boolean isRunning() {
        return record.qemuPid() > 0 && record.qemuAlive();
    }

    /**
     * The QMP client, connected on first use: on the starter's monitor for a VM started here; for an attached one
     * on the first free of the control, session and starter's monitors ({@link VmDirectory#commandMonitors()}).
     *
     * @throws MonitorBusyException every monitor is held by another client (it names them)
     */
    public synchronized QmpClient qmp() throws IOException {
        if (qmp == null || !qmp.isOpen()) {
            if (!isRunning()) {
                throw new IOException("VM " + name() + " is not running: QEMU " + exitDescription());
            }
            List<Path> tried =
                    supervisor != null ? List.of(dir.qmpSocket()) : monitors != null ? monitors : dir.commandMonitors();
            qmp = MonitorConnector.connect(tried, QmpOptions.defaults().withConnectTimeout(QMP_CONNECT_TIMEOUT));
            qmp.setCloseReason(this::exitDescription);
        }
        return qmp;
    }

    /** How QEMU ended, when it has. */
    public Optional<ExitStatus> exitStatus() {
        if (supervisor != null) {
            ExitStatus status = supervisor.exit().getNow(null);
            if (status != null) {
                return Optional.of(status);
            }
        }
        try {
            return QemuSupervisor.recorded(dir);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Waits until QEMU has exited; true when it has. */
    public boolean awaitExit(Duration timeout) throws IOException {
        if (supervisor != null) {
            try {
                supervisor.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for VM " + name() + " to exit");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("waiting for VM " + name() + " failed", e.getCause());
            }
        }
        return io.kvmctl.sys.Processes.awaitExit(record.qemuPid(), timeout.toMillis());
    }

    /**
     * qemu-guest-agent in the guest, connected and in sync, for a VM started with {@code agent: true}; close it
     * when done, since the channel serves one client at a time.
     *
     * @throws io.kvmctl.agent.GuestAgentException the VM has no agent channel, or the guest's agent did not answer
     *     within a second (not installed, not started yet, the guest paused or another client holds the channel)
     */
    public GuestAgent agent() throws IOException {
        return VmAgent.connect(this, VmAgent.SYNC_TIMEOUT);
    }

    /** Whether this VM started with a guest agent channel ({@code agent: true}); says nothing of the guest. */
    public boolean hasAgentChannel() {
        return VmAgent.hasChannel(this);
    }

    /**
     * The guest's addresses that can reach it from outside (no loopback, no link-local), as its agent tells them.
     *
     * @throws io.kvmctl.agent.GuestAgentException as {@link #agent()}
     */
    public java.util.List<io.kvmctl.agent.GuestAddress> guestAddresses() throws IOException {
        try (GuestAgent agent = agent()) {
            return agent.addresses(VmAgent.SYNC_TIMEOUT).stream()
                    .filter(io.kvmctl.agent.GuestAddress::routable)
                    .toList();
        }
    }

    /** The NICs this VM started with (hot-plugged ones are not among them), to tie a guest address to its NIC. */
    public StartedNics startedNics() {
        return StartedNics.fromArgv(record().argv());
    }

    /**
     * Waits until the guest is usable, not only QEMU: an ssh login works, a serial line matches, a forwarded port
     * answers or the guest agent does ({@link ReadyCondition}). {@code lastSeen} hears what was last seen, about each
     * second. On timeout a {@link ReadyTimeoutException} says what was last seen; the VM keeps running.
     *
     * @param homes where kvmctl's ssh key for this VM is (see {@link VmHomes})
     */
    public void awaitReady(
            ReadyCondition condition, VmHomes homes, Duration timeout, java.util.function.Consumer<String> lastSeen)
            throws IOException {
        ReadyWait.await(this, condition, homes, timeout, lastSeen);
    }

    /**
     * How to ssh into this VM: its cloud-init user, the forward to guest port 22 (else port 22 of the address its
     * guest agent reports), kvmctl's key for it.
     */
    public GuestSsh ssh(VmHomes homes) throws IOException {
        return GuestSsh.of(this, homes);
    }

    /** Run state, QEMU facts and figures, asked over QMP when QEMU runs. */
    public VmStatus status() throws IOException {
        return VmStatus.of(this);
    }

    /** Pauses the vCPUs (QMP {@code stop}); {@link #resume()} continues them. */
    public void pause() throws IOException {
        new QmpCommands(qmp()).stop();
    }

    /** Continues paused vCPUs (QMP {@code cont}). */
    public void resume() throws IOException {
        new QmpCommands(qmp()).cont();
    }

    /** Hard-resets the machine, like its reset button (QMP {@code system_reset}). */
    public void reset() throws IOException {
        new QmpCommands(qmp()).systemReset();
    }

    /**
     * Disks, CD-ROM media and USB devices of the running VM. A device added with
     * {@link Devices#addPersistent} is also recorded in this VM's profile copy and in the profile it was started
     * from.
     */
    public Devices devices() throws IOException {
        List<Path> profiles = new ArrayList<>(List.of(dir.profileCopy()));
        if (record.profileSource() != null) {
            profiles.add(Path.of(record.profileSource()));
        }
        return new Devices(qmp(), profiles);
    }

    /** NIC hot-plug: MACs derived from this VM's name, ids and ports chosen against its command line. */
    public NicHotplug nics() throws IOException {
        return new NicHotplug(qmp(), dir.path(), name(), record.argv());
    }

    /** Internal snapshots (RAM, devices, qcow2 disks), quiesced through the guest agent when asked. */
    public Snapshots snapshots() throws IOException {
        return new Snapshots(qmp(), name(), this::agent);
    }

    /** Guest memory through the virtio balloon. */
    public Balloon memory() throws IOException {
        return new Balloon(qmp());
    }

    /**
     * Resource limits: CPU quota, memory and pids caps of the VM's cgroup, disk I/O limits in QEMU; read and
     * changed live.
     */
    public VmLimits limits() throws IOException {
        requireRunning();
        return new VmLimits(this, VmCgroups.of(dir));
    }

    /** The vCPU threads and their host CPU affinity. */
    public VcpuPinning vcpus() throws IOException {
        return new VcpuPinning(qmp());
    }

    /**
     * The VM's figures: CPU time and load (sampled over {@link StatsCollector#DEFAULT_INTERVAL}), memory, block I/O
     * per disk, bytes per NIC, run state and uptime. A VM whose QEMU has exited reports state {@code exited}.
     */
    public VmStats stats() throws IOException {
        return stats(StatsCollector.DEFAULT_INTERVAL);
    }

    /** Like {@link #stats()}, with the CPU load measured over {@code interval}. */
    public VmStats stats(Duration interval) throws IOException {
        return StatsCollector.collect(List.of(new MeasuredView(this)), interval).getFirst();
    }

    /** The figures of several VMs, their CPU load measured over one common {@code interval} (not one per VM). */
    public static List<VmStats> stats(List<Vm> vms, Duration interval) throws IOException {
        return StatsCollector.collect(vms.stream().map(MeasuredView::new).toList(), interval);
    }

    /** What the VM shows: screenshots, its VNC endpoint and password. */
    public VmDisplay display() {
        return new VmDisplay(this);
    }

    /**
     * The serial console for a program: send text, wait for lines (those printed before are read from the serial
     * log). QEMU serves one console client at a time; close it to let another in.
     */
    public SerialConsole console() throws IOException {
        requireRunning();
        return SerialConsole.attach(this);
    }

    /** The serial console as raw bytes both ways, for a terminal ({@code kvmctl console}); one client at a time. */
    public UnixSocket rawConsole() throws IOException {
        requireRunning();
        return UnixSocket.connect(dir.serialSocket(), Duration.ofSeconds(5));
    }

    /**
     * The user monitor: the QMP socket meant for long sessions (shells, event streams, scripts, migrations), so
     * that {@link #qmp()} on another handle, {@code kvmctl status} and {@code down} keep answering meanwhile.
     */
    public Path userMonitorSocket() throws IOException {
        requireRunning();
        return dir.userMonitorSocket();
    }

    /**
     * The monitors a long session tries, in order ({@link VmDirectory#sessionMonitors()}): give them to
     * {@link MonitorConnector#connect} to get the first free one.
     */
    public List<Path> sessionMonitors() throws IOException {
        requireRunning();
        return dir.sessionMonitors();
    }

    private void requireRunning() throws IOException {
        if (!isRunning()) {
            throw new IOException("VM " + name() + " is not running (QEMU " + exitDescription() + ")");
        }
    }

    /**
     * Stops QEMU step by step and removes the runtime directory.
     *
     * @param gracefulTimeout how long the guest may take to power off after the ACPI power button
     * @param force skip the power button (for guests that ignore ACPI, or paused ones)
     */
    public synchronized StopReport stop(Duration gracefulTimeout, boolean force) throws IOException {
        VmLock lock = VmLock.acquire(dir);
        try {
            if (unrecorded != null) {
                StopReport report = UnrecordedVm.stop(this, gracefulTimeout, force);
                stopped = true;
                closeQmp();
                return withLogNote(report, VmDirectories.remove(dir));
            }
            StopReport report = VmStopper.stop(this, gracefulTimeout, force);
            stopped = true;
            closeQmp();
            // After a migration under the same name the directory holds another QEMU (the destination): keep it.
            if (directoryStillOurs()) {
                return withLogNote(report, VmDirectories.remove(dir));
            }
            return report;
        } finally {
            lock.close();
        }
    }

    private StopReport withLogNote(StopReport report, Optional<Path> logFolder) {
        if (logFolder.isEmpty()) {
            return report;
        }
        List<String> notes = new ArrayList<>(report.notes());
        notes.add("logs kept in " + logFolder.get() + " ('kvmctl logs " + dir.name() + "' shows them)");
        return new StopReport(report.name(), report.step(), report.took(), report.exitStatus(), notes);
    }

    /** Stops a VM started here (gracefully, {@link #DEFAULT_STOP_TIMEOUT}); lets go of an attached one. */
    @Override
    public synchronized void close() throws IOException {
        if (supervisor != null && !stopped) {
            stop(DEFAULT_STOP_TIMEOUT, false);
        } else {
            closeQmp();
        }
    }

    private boolean directoryStillOurs() {
        try {
            return VmRecordStore.read(dir)
                    .map(r -> r.qemuPid() == record.qemuPid())
                    .orElse(true);
        } catch (IOException damaged) {
            return true; // a damaged record is ours to clean up, as before
        }
    }

    synchronized void closeQmp() {
        if (qmp != null) {
            qmp.close();
            qmp = null;
        }
    }

    /** How QEMU ended ("exited with status 1", ...), or that it runs. */
    public String exitDescription() {
        return exitStatus().map(ExitStatus::describe).orElse(isRunning() ? "is running" : "has exited");
    }
}
