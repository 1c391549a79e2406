package io.kvmctl.net;

import io.kvmctl.devices.Devices;
import io.kvmctl.devices.MachineDevices;
import io.kvmctl.profile.NetBackend;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpTimeoutException;
import io.kvmctl.sys.Libc;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds and removes NICs of a running VM over QMP: {@code netdev_add} then {@code device_add}; for a tap, kvmctl
 * opens it and passes the descriptor with {@code getfd} (SCM_RIGHTS). Removal is {@code device_del}, which needs the
 * guest to let go of the device, so it waits for {@code DEVICE_DELETED} (registered before the command) with a
 * timeout, then {@code netdev_del}. Reached from a VM as {@code vm.nics()}.
 *
 * <p>Slots: on q35 a hot-plugged PCIe device needs an empty root port (the root bus {@code pcie.0} refuses
 * hot-plug), so q35 VMs start with the profile's {@code hotplug_slots} root ports, which NICs share with the disks
 * of {@code kvmctl device add}: each new NIC goes into the first port that is empty in the running VM. On {@code pc} (i440fx) the PCI bus itself takes hot-plugged devices (ACPI hot-plug).
 */
public final class NicHotplug {
    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,30}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final QmpClient qmp;
    private final Path runtimeDir;
    private final String vmName;
    private final List<String> argv;

    /**
     * Reached from a VM as {@code vm.nics()}, which supplies these itself.
     *
     * @param runtimeDir the VM's runtime directory, holding its network record ({@code net.json})
     * @param vmName what the MACs of new NICs are derived from
     * @param argv QEMU's command line: the NICs, ids and machine the VM started with
     */
    public NicHotplug(QmpClient qmp, Path runtimeDir, String vmName, List<String> argv) {
        this.qmp = qmp;
        this.runtimeDir = runtimeDir;
        this.vmName = vmName;
        this.argv = List.copyOf(argv);
    }

    /** Adds the NIC; returns what was added. Changes are undone when a step fails. */
    @SuppressWarnings("try") // the lock is held by the try block, never referenced in it
    public HotNic add(NicRequest request) throws IOException {
        try (FileChannel ch = lockChannel(runtimeDir);
                FileLock lock = tryLock(ch)) {
            NetworkState state = NetworkStateStore.read(runtimeDir);
            RunningNics running = RunningNics.fromArgv(argv);
            Set<String> ids = new HashSet<>(running.ids());
            Set<String> macs = new HashSet<>(running.macs());
            Set<String> usedPorts = new HashSet<>();
            for (HotNic n : state.hotNics()) {
                ids.add(n.id());
                macs.add(n.mac());
                if (n.port() != null) {
                    usedPorts.add(n.port());
                }
            }
            String id = request.id().orElseGet(() -> firstFree(ids));
            if (!ID.matcher(id).matches() || id.startsWith("kvmctl-")) {
                throw new NetworkSetupException("'" + id + "' is not a usable NIC id: 1-31 letters, digits, '_' or"
                        + " '-', starting with a letter, not 'kvmctl-...'");
            }
            if (ids.contains(id)) {
                throw new NetworkSetupException(
                        "VM " + vmName + " already has a device or NIC with id " + id + "; choose another with --id");
            }
            String port = null;
            // What the VM has now, disks added by 'kvmctl device add' included: they share the ports and ids.
            MachineDevices live = new Devices(qmp).read();
            if (live.taken(id)) {
                throw new NetworkSetupException(
                        "VM " + vmName + " already has a device with id " + id + "; choose another with --id");
            }
            if (NetworkLaunch.isQ35(running.machine())) {
                port = live.freePorts().stream()
                        .filter(p -> !usedPorts.contains(p))
                        .findFirst()
                        .orElseThrow(() -> new NetworkSetupException("VM " + vmName + " has no empty hot-plug port"
                                + " left; remove a NIC or device ('kvmctl nic del', 'kvmctl device del'), or give"
                                + " its profile more hotplug_slots"));
            }
            String mac = NicMacs.next(
                            vmName, running.nicCount() + state.hotNics().size(), macs)
                    .text();
            HotNic nic =
                    new HotNic(id, request.describeBackend(), request.model().yamlName(), mac, port);
            // Recorded before it is plugged: a record that cannot be written (a full disk) stops the add before the
            // guest has a NIC that kvmctl does not know of (and a migration would not recreate).
            NetworkStateStore.write(runtimeDir, state.withHotNics(l -> {
                l.add(nic);
                return l;
            }));
            try {
                plug(NetworkStateStore.read(runtimeDir), request, nic);
            } catch (IOException | RuntimeException e) {
                quietly(
                        () -> NetworkStateStore.write(
                                runtimeDir,
                                NetworkStateStore.read(runtimeDir)
                                        .withHotNics(l -> l.stream()
                                                .filter(n -> !n.id().equals(nic.id()))
                                                .toList())),
                        e);
                throw e;
            }
            return nic;
        }
    }

    private void plug(NetworkState state, NicRequest request, HotNic nic) throws IOException {
        QmpCommands commands = new QmpCommands(qmp);
        ObjectNode netdev = JSON.createObjectNode().put("id", nic.id());
        Optional<TapOpener.OpenTap> tap = switch (request.backend()) {
            case NetBackend.User u -> Optional.empty();
            case NetBackend.Tap(var ifname) -> Optional.of(TapOpener.tap(nic.id(), ifname));
            case NetBackend.Bridge(var bridge) -> Optional.of(TapOpener.onBridge(nic.id(), bridge));
        };
        String fdName = "kvmctl-fd-" + nic.id();
        boolean netdevAdded = false;
        try {
            if (tap.isPresent()) {
                if (tap.get().created().isPresent()) {
                    CreatedTap created = tap.get().created().get();
                    NetworkStateStore.write(runtimeDir, state.withTaps(l -> {
                        l.add(created);
                        return l;
                    }));
                }
                commands.getfd(fdName, tap.get().fd());
                netdev.put("type", "tap").put("fd", fdName);
                if (VhostNet.available()) {
                    // Opened here and handed over: QEMU, unprivileged once it dropped root, may not open the
                    // 0600 root device itself.
                    int vhost = Libc.open(VhostNet.DEVICE.toString(), Libc.O_RDWR | Libc.O_CLOEXEC);
                    try {
                        commands.getfd(fdName + "-vhost", vhost);
                    } finally {
                        Libc.close(vhost);
                    }
                    netdev.put("vhost", true).put("vhostfd", fdName + "-vhost");
                }
            } else {
                netdev.put("type", "user");
            }
            commands.netdevAdd(netdev);
            netdevAdded = true;
            ObjectNode dev = JSON.createObjectNode()
                    .put("driver", request.model().qemuDevice())
                    .put("id", nic.id())
                    .put("netdev", nic.id())
                    .put("mac", nic.mac());
            if (nic.port() != null) {
                dev.put("bus", nic.port());
            }
            commands.deviceAdd(dev);
        } catch (IOException | RuntimeException e) {
            if (netdevAdded) {
                quietly(() -> commands.netdevDel(nic.id()), e);
            } else if (tap.isPresent()) {
                quietly(() -> commands.closefd(fdName), e);
            }
            throw e;
        } finally {
            // QEMU has its own copy (or failed); a tap created here vanishes with the last descriptor.
            if (tap.isPresent()) {
                tap.get().close();
            }
        }
    }

    /** Removes a NIC: device_del, wait for DEVICE_DELETED, netdev_del, then anything kvmctl created for it. */
    @SuppressWarnings("try")
    public void del(String id, Duration timeout) throws IOException {
        try (FileChannel ch = lockChannel(runtimeDir);
                FileLock lock = tryLock(ch)) {
            try {
                new QmpCommands(qmp).deviceDel(id, timeout);
            } catch (QmpTimeoutException e) {
                throw new NetworkSetupException(
                        "the guest of VM " + vmName + " did not release NIC " + id + " within "
                                + timeout.toSeconds() + " s (does it handle PCI hot-unplug?); the device stays until it"
                                + " does",
                        e);
            }
            new QmpCommands(qmp).netdevDel(id);
            NetworkState state = NetworkStateStore.read(runtimeDir);
            for (CreatedTap t : state.createdTaps()) {
                if (t.nicId().equals(id)
                        && HostLinks.exists(t.name())
                        && HostLinks.ifindex(t.name()).orElse(-1) == t.ifindex()) {
                    try {
                        HostLinks.delete(t.name());
                    } catch (IOException e) {
                        // The NIC is gone from the guest either way; 'down' tries the tap again.
                        System.getLogger(NicHotplug.class.getName())
                                .log(
                                        System.Logger.Level.WARNING,
                                        "could not remove tap " + t.name() + ": " + e.getMessage());
                    }
                }
            }
            NetworkStateStore.write(
                    runtimeDir,
                    state.withTaps(l -> l.stream()
                                    .filter(t -> !t.nicId().equals(id) || HostLinks.exists(t.name()))
                                    .toList())
                            .withHotNics(l ->
                                    l.stream().filter(n -> !n.id().equals(id)).toList()));
        }
    }

    private static String firstFree(Set<String> ids) {
        for (int i = 0; ; i++) {
            if (!ids.contains("hnic" + i)) {
                return "hnic" + i;
            }
        }
    }

    private static FileChannel lockChannel(Path runtimeDir) throws IOException {
        return FileChannel.open(runtimeDir.resolve("net.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** Not blocking: NIC changes are short, so a held lock means another one is running right now. */
    private static FileLock tryLock(FileChannel ch) throws IOException {
        FileLock lock = ch.tryLock();
        if (lock == null) {
            throw new NetworkSetupException("another 'kvmctl nic' command is changing this VM's NICs; try again");
        }
        return lock;
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void quietly(Step step, Exception cause) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
