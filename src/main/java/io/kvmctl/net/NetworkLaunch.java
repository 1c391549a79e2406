package io.kvmctl.net;

import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.NicSpec;
import io.kvmctl.profile.Profile;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qmp.QmpClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher's two network steps. Before QEMU starts: check MACs, open (or create) every tap, record the created
 * ones in {@code net.json} so that whatever happens next they get removed. After QEMU answers: read back the host
 * ports of the forwards and record the mapping.
 */
public final class NetworkLaunch {
    private NetworkLaunch() {}

    public static boolean isQ35(String machine) {
        return machine.contains("q35");
    }

    /**
     * The descriptor number QEMU gets for each tap or bridge NIC (by NIC id), counting up from {@code firstChildFd}
     * in profile order: what {@link #prepare} hands over, known before any tap is opened.
     */
    public static Map<String, Integer> childFds(Profile profile, int firstChildFd) {
        Map<String, Integer> fds = new LinkedHashMap<>();
        int child = firstChildFd;
        for (NicSpec nic : profile.nics()) {
            if (!(nic.backend() instanceof NetBackend.User)) {
                fds.put(nic.id(), child++);
            }
        }
        return fds;
    }

    /** Opens the taps; child descriptors are numbered from {@code firstChildFd} (see {@link #childFds}). */
    public static PreparedNetwork prepare(Profile profile, Path runtimeDir, int firstChildFd) throws IOException {
        NicMacs.requireUnique(profile.name(), profile.nics());
        List<TapOpener.OpenTap> taps = new ArrayList<>();
        Map<String, Integer> nicFds = new LinkedHashMap<>();
        Map<Integer, Integer> inherited = new LinkedHashMap<>();
        List<CreatedTap> created = new ArrayList<>();
        boolean vhost = VhostNet.available();
        Map<String, Integer> childFds = childFds(profile, firstChildFd);
        try {
            for (NicSpec nic : profile.nics()) {
                Optional<TapOpener.OpenTap> tap = switch (nic.backend()) {
                    case NetBackend.Tap(var ifname) -> Optional.of(TapOpener.tap(nic.id(), ifname));
                    case NetBackend.Bridge(var bridge) -> Optional.of(TapOpener.onBridge(nic.id(), bridge));
                    case NetBackend.User u -> Optional.empty();
                };
                if (tap.isPresent()) {
                    taps.add(tap.get());
                    tap.get().created().ifPresent(created::add);
                    int child = childFds.get(nic.id());
                    nicFds.put(nic.id(), child);
                    inherited.put(child, tap.get().fd());
                }
            }
            List<String> notes = new ArrayList<>();
            if (!taps.isEmpty()) {
                VhostNet.note(vhost).ifPresent(notes::add);
            }
            NetworkStateStore.write(
                    runtimeDir, NetworkState.EMPTY.withTaps(t -> created).withNotes(notes));
            return new PreparedNetwork(nicFds, inherited, vhost, taps);
        } catch (IOException | RuntimeException e) {
            try {
                new PreparedNetwork(Map.of(), Map.of(), vhost, taps).close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Reads back the forwards' host ports (HMP {@code info usernet}) and records them. */
    public static void recordForwards(QmpClient qmp, Profile profile, Path runtimeDir) throws IOException {
        boolean any =
                profile.nics().stream().anyMatch(n -> n.backend() instanceof NetBackend.User(var f) && !f.isEmpty());
        if (!any) {
            return;
        }
        String table = new QmpCommands(qmp).humanMonitorCommand("info usernet");
        List<ForwardMapping> mapping = ForwardResolver.resolve(profile.nics(), UsernetTable.forwards(table));
        NetworkStateStore.write(runtimeDir, NetworkStateStore.read(runtimeDir).withForwards(mapping));
    }
}
