package io.kvmctl.qemu;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher decides for one start of a VM, beyond its profile: the binary, runtime paths, fds it opened for
 * tap/bridge NICs (by NIC id), an incoming migration that overrides the profile's, and whether to start paused
 * ({@code -S}), whether tap NICs get {@code vhost=on} (only when the host has /dev/vhost-net), and how many empty
 * {@code pcie-root-port}s a q35 machine gets so that {@code device_add} (NIC hot-plug) has a slot: q35's root bus
 * {@code pcie.0} does not take hot-plugged devices.
 */
public record LaunchContext(Path qemuBinary, Path runtimeDir, Path qmpSocket, Path serialSocket, Path serialLog,
        Map<String, Integer> nicFds, Optional<String> incoming, boolean startPaused, boolean vhostNet,
        int hotplugPorts) {

    /** The default binary when neither the profile nor the caller names one. */
    public static final Path DEFAULT_QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    /** sun_path holds 108 bytes including the terminating NUL. */
    public static final int MAX_SOCKET_PATH = 107;

    /** No vhost and no hot-plug ports. */
    public LaunchContext(Path qemuBinary, Path runtimeDir, Path qmpSocket, Path serialSocket, Path serialLog,
            Map<String, Integer> nicFds, Optional<String> incoming, boolean startPaused) {
        this(qemuBinary, runtimeDir, qmpSocket, serialSocket, serialLog, nicFds, incoming, startPaused, false, 0);
    }

    public LaunchContext {
        if (hotplugPorts < 0 || hotplugPorts > 32) {
            throw new IllegalArgumentException("hotplugPorts must be 0-32, got " + hotplugPorts);
        }
        nicFds = Map.copyOf(nicFds);
        for (Path p : new Path[] {qmpSocket, serialSocket}) {
            if (p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    > MAX_SOCKET_PATH) {
                throw new IllegalArgumentException("socket path too long for AF_UNIX (max "
                        + MAX_SOCKET_PATH + " bytes): " + p);
            }
        }
    }

    public LaunchContext withNicFds(Map<String, Integer> fds) {
        return new LaunchContext(qemuBinary, runtimeDir, qmpSocket, serialSocket, serialLog, fds, incoming,
                startPaused, vhostNet, hotplugPorts);
    }

    public LaunchContext withIncoming(Optional<String> uri) {
        return new LaunchContext(qemuBinary, runtimeDir, qmpSocket, serialSocket, serialLog, nicFds, uri,
                startPaused, vhostNet, hotplugPorts);
    }

    public LaunchContext withStartPaused(boolean paused) {
        return new LaunchContext(qemuBinary, runtimeDir, qmpSocket, serialSocket, serialLog, nicFds, incoming,
                paused, vhostNet, hotplugPorts);
    }

    public LaunchContext withVhostNet(boolean vhost) {
        return new LaunchContext(qemuBinary, runtimeDir, qmpSocket, serialSocket, serialLog, nicFds, incoming,
                startPaused, vhost, hotplugPorts);
    }

    public LaunchContext withHotplugPorts(int ports) {
        return new LaunchContext(qemuBinary, runtimeDir, qmpSocket, serialSocket, serialLog, nicFds, incoming,
                startPaused, vhostNet, ports);
    }
}
