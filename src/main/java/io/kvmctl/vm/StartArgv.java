package io.kvmctl.vm;

import io.kvmctl.net.NetworkLaunch;
import io.kvmctl.net.VhostNet;
import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.NicSpec;
import io.kvmctl.profile.Profile;
import io.kvmctl.qemu.LaunchContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The argv {@code kvmctl up} would run for a profile, without running anything: built by the same call as a start
 * ({@link VmStarter}), so the sockets are the inherited descriptors QEMU gets ({@code fd=3} ...), the pid file is the
 * one in the VM's runtime directory, and tap NICs get the descriptor numbers a start would hand over. Those
 * numbers are shown as they are, as {@code virsh domxml-to-native} shows libvirt's ({@code "fd":"26"}), so the two
 * argvs compare line by line; {@link #descriptors} says what each one would be.
 *
 * @param argv QEMU's argv, the binary first
 * @param descriptors each inherited descriptor number and what kvmctl would pass there
 */
public record StartArgv(List<String> argv, Map<Integer, String> descriptors) {
    public StartArgv {
        argv = List.copyOf(argv);
        descriptors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(descriptors));
    }

    /** For {@code profile} started under its own name in {@code root} with {@code qemuBinary}. */
    public static StartArgv of(Profile profile, RuntimeRoot root, Path qemuBinary) {
        return of(profile, root, qemuBinary, java.util.Optional.empty());
    }

    /**
     * The same, with QEMU switching to {@code dropTo} as a start would ({@link QemuPrivileges#forStart}).
     *
     * @throws IllegalArgumentException when the profile asks for UEFI and no installed build fits its machine
     */
    public static StartArgv of(
            Profile profile,
            RuntimeRoot root,
            Path qemuBinary,
            java.util.Optional<io.kvmctl.qemu.PrivilegeDrop> dropTo) {
        VmDirectory dir = root.vm(profile.name());
        int firstNicFd = VmStarter.SOCKETS.firstFreeFd(profile);
        Map<String, Integer> nicFds = NetworkLaunch.childFds(profile, firstNicFd);
        java.util.Optional<io.kvmctl.firmware.VmFirmware> firmware;
        try {
            firmware = UefiVars.planned(profile, VmHomes.fromEnvironment());
        } catch (java.io.IOException noFirmware) {
            throw new IllegalArgumentException(noFirmware.getMessage(), noFirmware);
        }
        LaunchContext context = dir.launchContext(qemuBinary, profile)
                .withFirmware(firmware)
                .withNicFds(nicFds)
                .withVhostNet(VhostNet.available())
                .withDropTo(dropTo)
                .withStartPaused(VmStarter.pausesForDiskLimits(profile, profile.incoming()));
        Map<Integer, String> fds = new LinkedHashMap<>();
        fds.put(VmStarter.QMP_FD, socket(dir.qmpSocket(), "QMP monitor of the kvmctl that started the VM"));
        fds.put(VmStarter.CONTROL_FD, socket(dir.controlSocket(), "QMP monitor for other kvmctl commands"));
        fds.put(VmStarter.USER_MONITOR_FD, socket(dir.userMonitorSocket(), "QMP monitor for long user sessions"));
        fds.put(VmStarter.SERIAL_FD, socket(dir.serialSocket(), "serial console"));
        for (int i = 0; i < profile.qmpSockets().size(); i++) {
            Path monitor = dir.outsideMonitor(profile.qmpSockets().get(i));
            fds.put(VmStarter.FIRST_OUTSIDE_MONITOR_FD + i, socket(monitor, "QMP monitor for outside tools"));
        }
        if (profile.agent()) {
            fds.put(VmStarter.SOCKETS.agentFd(profile), socket(dir.agentSocket(), "guest agent channel"));
        }
        for (NicSpec nic : profile.nics()) {
            Integer fd = nicFds.get(nic.id());
            if (fd != null) {
                fds.put(fd, "tap device of NIC " + nic.id() + tapOf(nic.backend()) + ", opened by kvmctl");
            }
        }
        if (profile.memoryBackend() == io.kvmctl.profile.MemoryBackend.SHARED) {
            fds.put(
                    io.kvmctl.qemu.GuestMemoryArgs.childFd(profile, VmStarter.SOCKETS, nicFds.size()),
                    "guest RAM, a memfd created by kvmctl (memory_backend: shared)");
        }
        return new StartArgv(VmStarter.argv(profile, context), fds);
    }

    private static String socket(Path path, String what) {
        return "listening socket " + path + " bound by kvmctl (" + what + ")";
    }

    private static String tapOf(NetBackend backend) {
        return switch (backend) {
            case NetBackend.Tap(var ifname) -> ifname.map(n -> " (" + n + ")").orElse(" (a new tap)");
            case NetBackend.Bridge(var bridge) -> " (a new tap on bridge " + bridge + ")";
            case NetBackend.User u -> "";
        };
    }
}
