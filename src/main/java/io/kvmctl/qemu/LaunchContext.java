package io.kvmctl.qemu;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher decides for one start of a VM, beyond its profile: the binary, runtime paths, fds it opened for
 * tap/bridge NICs (by NIC id), an incoming migration that overrides the profile's, and whether to start paused
 * ({@code -S}), whether tap NICs get {@code vhost=on} (only when the host has /dev/vhost-net), and where QEMU
 * writes its pid ({@code -pidfile}: QEMU's own pid is what kvmctl signals, and the monitor cannot tell it, since
 * SO_PEERCRED on an inherited listening socket names kvmctl, which called listen()). Hot-plug slots come from the
 * profile ({@code hotplug_slots}). {@code dropTo} is the unprivileged user QEMU switches to once it has opened what
 * the argv names (empty: it keeps the user it was started as). {@code firmware} is the UEFI build and variables store
 * chosen for this VM (empty: SeaBIOS).
 */
public record LaunchContext(
        Path qemuBinary,
        Path runtimeDir,
        Path qmpSocket,
        Path serialSocket,
        Path serialLog,
        Map<String, Integer> nicFds,
        Optional<String> incoming,
        boolean startPaused,
        boolean vhostNet,
        Optional<Path> pidFile,
        Optional<PrivilegeDrop> dropTo,
        Optional<io.kvmctl.firmware.VmFirmware> firmware) {

    /** The default binary when neither the profile nor the caller names one. */
    public static final Path DEFAULT_QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    /** sun_path holds 108 bytes including the terminating NUL. */
    public static final int MAX_SOCKET_PATH = 107;

    /** No vhost, no pid file. */
    public LaunchContext(
            Path qemuBinary,
            Path runtimeDir,
            Path qmpSocket,
            Path serialSocket,
            Path serialLog,
            Map<String, Integer> nicFds,
            Optional<String> incoming,
            boolean startPaused) {
        this(
                qemuBinary,
                runtimeDir,
                qmpSocket,
                serialSocket,
                serialLog,
                nicFds,
                incoming,
                startPaused,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** No user switch. */
    public LaunchContext(
            Path qemuBinary,
            Path runtimeDir,
            Path qmpSocket,
            Path serialSocket,
            Path serialLog,
            Map<String, Integer> nicFds,
            Optional<String> incoming,
            boolean startPaused,
            boolean vhostNet,
            Optional<Path> pidFile) {
        this(
                qemuBinary,
                runtimeDir,
                qmpSocket,
                serialSocket,
                serialLog,
                nicFds,
                incoming,
                startPaused,
                vhostNet,
                pidFile,
                Optional.empty(),
                Optional.empty());
    }

    public LaunchContext {
        nicFds = Map.copyOf(nicFds);
        for (Path p : new Path[] {qmpSocket, serialSocket}) {
            if (p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
                throw new IllegalArgumentException(
                        "socket path too long for AF_UNIX (max " + MAX_SOCKET_PATH + " bytes): " + p);
            }
        }
    }

    public LaunchContext withNicFds(Map<String, Integer> fds) {
        return new LaunchContext(
                qemuBinary,
                runtimeDir,
                qmpSocket,
                serialSocket,
                serialLog,
                fds,
                incoming,
                startPaused,
                vhostNet,
                pidFile,
                dropTo,
                firmware);
    }

    public LaunchContext withIncoming(Optional<String> uri) {
        return new LaunchContext(
                qemuBinary,
                runtimeDir,
                qmpSocket,
                serialSocket,
                serialLog,
                nicFds,
                uri,
                startPaused,
                vhostNet,
                pidFile,
                dropTo,
                firmware);
    }

    public LaunchContext withStartPaused(boolean paused) {
        return new LaunchContext(
                qemuBinary,
                runtimeDir,
                qmpSocket,
                serialSocket,
                serialLog,
                nicFds,
                incoming,
                paused,
                vhostNet,
                pidFile,
                dropTo,
                firmware);
    }

    public LaunchContext withVhostNet(boolean vhost) {
        return new LaunchContext(
                qemuBinary,
                runtimeDir,
                qmpSocket,
                serialSocket,
                serialLog,
                nicFds,
                incoming,
                startPaused,
                vhost,
                pidFile,
                dropTo,
                firmware);
    }

    public LaunchContext withDropTo(Optional<PrivilegeDrop> drop) {
        return new LaunchContext(
                qemuBinary,
                runtimeDir,
                qmpSocket,
                serialSocket,
                serialLog,
                nicFds,
                incoming,
                startPaused,
                vhostNet,
                pidFile,
                drop,
                firmware);
    }

    public LaunchContext withFirmware(Optional<io.kvmctl.firmware.VmFirmware> uefi) {
        return new LaunchContext(
                qemuBinary,
                runtimeDir,
                qmpSocket,
                serialSocket,
                serialLog,
                nicFds,
                incoming,
                startPaused,
                vhostNet,
                pidFile,
                dropTo,
                uefi);
    }

    /**
     * Whether QEMU changes its user after it started: it then calls setuid/setgid, which a seccomp filter with
     * {@code elevateprivileges=deny} (or {@code children}) kills it for, since QEMU installs the filter first.
     */
    public boolean changesUser() {
        return dropTo.isPresent();
    }
}
