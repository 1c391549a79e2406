package io.kvmctl.vm;

import io.kvmctl.firmware.FirmwareDescriptor;
import io.kvmctl.firmware.VmFirmware;
import io.kvmctl.limits.DiskThrottle;
import io.kvmctl.limits.DiskThrottles;
import io.kvmctl.net.NetworkLaunch;
import io.kvmctl.net.PreparedNetwork;
import io.kvmctl.profile.MemoryBackend;
import io.kvmctl.profile.Profile;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qemu.GuestMemoryArgs;
import io.kvmctl.qemu.InheritedSockets;
import io.kvmctl.qemu.LaunchContext;
import io.kvmctl.qemu.PrivilegeDrop;
import io.kvmctl.qemu.QemuCommandLine;
import io.kvmctl.qemu.Sandbox;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpOptions;
import io.kvmctl.sys.Processes;
import io.kvmctl.unix.UnixServerSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Takes a validated profile to a running, recorded VM, or to a clear error with nothing left behind.
 *
 * <p>kvmctl binds the QMP and serial sockets itself (0600, in a 0700 directory) and QEMU inherits them. That
 * makes readiness a plain blocking read: our connect lands in the socket's backlog at once, QEMU's greeting
 * arrives when its monitor runs, and if QEMU dies first the backlog is reset and the read fails at once. There
 * is no polling for a socket file to appear.
 */
final class VmStarter {
    /** Fixed descriptor numbers in QEMU for what kvmctl hands it. */
    static final int QMP_FD = 3;

    static final int CONTROL_FD = 4;
    static final int USER_MONITOR_FD = 5;
    static final int SERIAL_FD = 6;
    /**
     * The monitors for outside tools (the profile's {@code qmp_sockets}) from here, then the guest agent's channel,
     * then the NICs' descriptors (see {@link InheritedSockets#firstFreeFd}).
     */
    static final int FIRST_OUTSIDE_MONITOR_FD = 7;

    static final InheritedSockets SOCKETS =
            new InheritedSockets(QMP_FD, CONTROL_FD, USER_MONITOR_FD, SERIAL_FD, FIRST_OUTSIDE_MONITOR_FD);

    private VmStarter() {}

    static Vm start(Profile profile, StartOptions options) throws IOException {
        String name = options.name().orElse(profile.name());
        VmNames.requireValid(name);
        // Before anything is created: a user QEMU cannot run as is refused with nothing left behind.
        Path qemu = options.qemuBinary().or(profile::qemu).orElse(QemuBinaries.defaultBinary());
        QemuBinaries.requireRunnable(qemu);
        Optional<Path> swtpm = profile.tpm() ? Optional.of(Swtpm.binary(System.getenv())) : Optional.empty();
        Optional<PrivilegeDrop> dropTo = QemuPrivileges.forStart(profile, options.runAs(), qemu);
        Profile named = name.equals(profile.name()) ? profile : profile.withName(name);
        // Before anything is created: an alias this QEMU does not know is refused here, not by QEMU, and so is
        // UEFI with no firmware build for the machine.
        named = named.withMachine(QemuMachineTypes.resolve(qemu, named.machine()));
        Optional<FirmwareDescriptor> uefi = options.firmware().isPresent() ? Optional.empty() : UefiVars.choose(named);
        Optional<CloudInitSeeds.Seed> seed =
                CloudInitSeeds.prepare(named, options.homes(), io.kvmctl.cloudinit.InvokingUser.fromEnvironment());
        RuntimeRoot root = options.root().ensure();
        VmDirectory dir = root.vm(name);
        VmLock lock = VmLock.acquire(dir);
        try {
            refuseIfPresent(dir);
            UefiVars vars = UefiVars.prepare(uefi, options.firmware(), options.homes(), name);
            List<Path> tpmMade = new java.util.ArrayList<>();
            try {
                if (swtpm.isPresent()) {
                    tpmMade.addAll(Swtpm.prepareState(options.homes(), name, dropTo.map(PrivilegeDrop::user)));
                }
                Files.createDirectory(dir.path(), PosixFilePermissions.asFileAttribute(RuntimeRoot.OWNER_ONLY));
            } catch (IOException | RuntimeException e) {
                Swtpm.undo(tpmMade, e);
                vars.undo(e);
                throw e;
            }
            try {
                options.logRoot().recordIn(dir);
                if (seed.isPresent()) {
                    CloudInitSeeds.write(seed.get(), dir, options.homes());
                }
                return launch(profile, named, dir, options, qemu, dropTo, vars.firmware(), swtpm);
            } catch (IOException | RuntimeException e) {
                VmDirectories.removeAfterFailedStart(dir, e); // stops swtpm too
                Swtpm.undo(tpmMade, e);
                vars.undo(e);
                throw e;
            }
        } finally {
            lock.close();
        }
    }

    private static void refuseIfPresent(VmDirectory dir) throws IOException {
        if (!Files.exists(dir.path())) {
            return;
        }
        var record = VmRecordStore.read(dir);
        if (record.isEmpty()) { // a start whose kvmctl was killed (we hold the lock, so none is in progress)
            var running = LaunchedProcesses.of(dir);
            if (!running.isEmpty()) {
                throw new VmStartException("VM " + dir.name() + " was being started by a kvmctl that was killed "
                        + "before it recorded the VM, and its QEMU (pid "
                        + running.getLast().pid() + ") still runs; "
                        + "'kvmctl status " + dir.name() + "' shows it, 'kvmctl down " + dir.name() + "' stops it");
            }
            // Nothing runs and nobody was told this VM was up: its leftovers go (what QEMU said is kept), and this
            // start goes ahead.
            VmDirectories.remove(dir);
            return;
        }
        if (record.get().qemuAlive()) {
            throw new VmStartException("VM " + dir.name() + " is already running (QEMU pid "
                    + record.get().qemuPid() + "); stop it with 'kvmctl down " + dir.name()
                    + "' or start this one with --name OTHER");
        }
        throw new VmStartException("VM " + dir.name() + " has a runtime directory left from an earlier run ("
                + dir.path() + ", its QEMU is gone); 'kvmctl down " + dir.name() + "' cleans it up after you "
                + "have looked at 'kvmctl logs " + dir.name() + "'");
    }

    private static Vm launch(
            Profile profile,
            Profile named,
            VmDirectory dir,
            StartOptions options,
            Path qemu,
            Optional<PrivilegeDrop> dropTo,
            Optional<VmFirmware> firmware,
            Optional<Path> swtpm)
            throws IOException {
        String name = named.name();
        DiskOverlays.create(named, dir.path(), options.overlaysFrom());
        int firstNicFd = SOCKETS.firstFreeFd(named);
        PreparedNetwork network = NetworkLaunch.prepare(named, dir.path(), firstNicFd);
        Optional<String> incoming = options.incoming().or(named::incoming);
        boolean pausedForDiskLimits = !options.paused() && pausesForDiskLimits(named, incoming);
        List<String> argv;
        try {
            LaunchContext context = dir.launchContext(qemu, named)
                    .withNicFds(network.nicChildFds())
                    .withIncoming(incoming)
                    .withStartPaused(options.paused() || pausedForDiskLimits)
                    .withVhostNet(network.vhost())
                    .withDropTo(dropTo)
                    .withFirmware(firmware);
            argv = argv(named, context);
            Sandbox sandbox = Sandbox.recordedIn(argv);
            context.incoming().flatMap(sandbox::refusedMigration).ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
        } catch (RuntimeException e) {
            network.close(); // our tap descriptors; taps created for this start vanish with them
            throw e;
        }

        QemuSupervisor supervisor;
        List<UnixServerSocket> ownSockets = new java.util.ArrayList<>();
        SharedGuestMemory ownMemory = null; // QEMU keeps its own descriptor; kvmctl's copy goes after the spawn
        try (network;
                UnixServerSocket qmp = UnixServerSocket.listen(dir.qmpSocket());
                UnixServerSocket control = UnixServerSocket.listen(dir.controlSocket());
                UnixServerSocket userMonitor = UnixServerSocket.listen(dir.userMonitorSocket());
                UnixServerSocket serial = UnixServerSocket.listen(dir.serialSocket())) {
            Map<Integer, Integer> fds = new LinkedHashMap<>();
            fds.put(QMP_FD, qmp.fd());
            fds.put(CONTROL_FD, control.fd());
            fds.put(USER_MONITOR_FD, userMonitor.fd());
            fds.put(SERIAL_FD, serial.fd());
            for (String outsideName : named.qmpSockets()) {
                UnixServerSocket socket = UnixServerSocket.listen(dir.outsideMonitor(outsideName));
                ownSockets.add(socket);
                fds.put(FIRST_OUTSIDE_MONITOR_FD + ownSockets.size() - 1, socket.fd());
            }
            if (named.agent()) { // released and closed with the outside monitors
                UnixServerSocket agent = UnixServerSocket.listen(dir.agentSocket());
                ownSockets.add(agent);
                fds.put(SOCKETS.agentFd(named), agent.fd());
            }
            fds.putAll(network.inherited());
            if (named.memoryBackend() == MemoryBackend.SHARED) {
                SharedGuestMemory memory = options.sharedMemory().orElse(null);
                if (memory == null) {
                    ownMemory = SharedGuestMemory.create(named.memory().bytes());
                    memory = ownMemory;
                }
                fds.put(
                        GuestMemoryArgs.childFd(
                                named, SOCKETS, network.nicChildFds().size()),
                        memory.fd());
            }
            List<Path> cgroupProcs = VmCgroups.create(dir, named.limits())
                    .map(io.kvmctl.limits.VmCgroup::procsFiles)
                    .orElse(List.of());
            if (swtpm.isPresent()) { // before QEMU, which connects to it at once
                Swtpm.start(dir, swtpm.get(), Swtpm.stateDir(options.homes(), name), dropTo.map(PrivilegeDrop::user));
            }
            supervisor = QemuSupervisor.start(argv, dir, fds, cgroupProcs);
            ownSockets.forEach(UnixServerSocket::release);
            // QEMU owns the sockets now (and removes their files when it exits): close our copies only.
            qmp.release();
            control.release();
            userMonitor.release();
            serial.release();
        } finally {
            ownSockets.forEach(UnixServerSocket::close); // after release(): closes our copy, leaves QEMU's socket file
            if (ownMemory != null) {
                ownMemory.close();
            }
        }

        QmpClient client;
        try {
            client = QmpClient.connect(
                    dir.qmpSocket(), QmpOptions.defaults().withConnectTimeout(options.readyTimeout()));
        } catch (IOException e) {
            throw failure(name, dir, supervisor, e);
        }
        int qemuPid;
        try {
            NetworkLaunch.recordForwards(client, named, dir.path());
            DiskThrottles throttles = new DiskThrottles(client);
            for (DiskThrottle t : named.limits().disks()) {
                throttles.apply(t);
            }
            if (pausedForDiskLimits) {
                new QmpCommands(client).cont();
            }
            // QEMU writes the pid file before its monitor runs, so after the greeting it is there.
            qemuPid = Integer.parseInt(Files.readString(dir.qemuPidFile()).strip());
        } catch (IOException | NumberFormatException e) {
            client.close();
            throw failure(name, dir, supervisor, e);
        }
        try {
            Instant qemuStart = ProcessHandle.of(qemuPid)
                    .flatMap(p -> p.info().startInstant())
                    .orElse(null);
            if (options.profileSource().isPresent()) {
                Files.copy(options.profileSource().get(), dir.profileCopy());
            }
            VmRecord record = new VmRecord(
                    VmRecord.FORMAT_VERSION,
                    name,
                    supervisor.pid(),
                    qemuPid,
                    qemuStart,
                    argv,
                    options.profileSource().map(Path::toString).orElse(null),
                    profile.accel().name().toLowerCase(java.util.Locale.ROOT),
                    Instant.now(),
                    Processes.uid(),
                    named.machine(),
                    firmware.orElse(null));
            VmRecordStore.write(dir, record);
            return new Vm(dir, record, client, supervisor);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw failure(name, dir, supervisor, e);
        }
    }

    /**
     * Whether QEMU starts paused ({@code -S}) so that the profile's disk limits are in force before the guest's
     * first I/O, then continues: as libvirt does. An incoming migration waits anyway (and a {@code -S} there would
     * leave the migrated VM paused).
     */
    static boolean pausesForDiskLimits(Profile named, Optional<String> incoming) {
        return !named.limits().disks().isEmpty() && incoming.isEmpty();
    }

    /** QEMU's argv for a start: the one call that both {@code up} and {@link StartArgv} ({@code cmdline}) make. */
    static List<String> argv(Profile named, LaunchContext context) {
        return QemuCommandLine.build(named, context, Optional.of(SOCKETS));
    }

    /** Kills what started, waits for it, and explains with QEMU's own last words. */
    private static VmStartException failure(String name, VmDirectory dir, QemuSupervisor supervisor, Exception cause) {
        String how;
        try {
            // A monitor that closed usually means QEMU is exiting: give the reaper a moment to see it.
            ExitStatus status;
            try {
                status = supervisor.exit().get(2, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                status = null;
            }
            if (status == null) {
                Processes.killGroup(supervisor.pid(), Processes.SIGKILL);
                status = supervisor.exit().get(5, TimeUnit.SECONDS);
                how = "QEMU did not become ready (" + cause.getMessage() + ") and was killed";
            } else {
                how = "QEMU " + status.describe() + " before its monitor answered";
            }
        } catch (Exception e) {
            how = "QEMU did not become ready (" + cause.getMessage() + ")";
        }
        String message = "VM " + name + " did not start: " + how
                + io.kvmctl.net.StartFailureHints.forQemuLog(dir.qemuLog())
                        .map(h -> "; " + h)
                        .orElse("")
                + LogTail.asBlock(
                        dir.qemuLog(), 12, "QEMU said (" + dir.qemuLog().getFileName() + ")")
                + LogTail.asBlock(dir.path().resolve(Swtpm.LOG_FILE), 6, "swtpm said (" + Swtpm.LOG_FILE + ")");
        return new VmStartException(message, cause);
    }
}
