package io.kvmctl.qemu;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher decides for one start of a VM, beyond its profile: the binary, runtime paths, fds it opened for
 * tap/bridge NICs (by NIC id), an incoming migration that overrides the profile's, and whether to start paused
 * ({@code -S}).
 */
public record LaunchContext(Path qemuBinary, Path runtimeDir, Path qmpSocket, Path serialSocket, Path serialLog,
        Map<String, Integer> nicFds, Optional<String> incoming, boolean startPaused) {

    /** The default binary when neither the profile nor the caller names one. */
    public static final Path DEFAULT_QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    public LaunchContext {
        nicFds = Map.copyOf(nicFds);
        for (Path p : new Path[] {qmpSocket, serialSocket}) {
            if (p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    > RuntimeLayout.MAX_SOCKET_PATH) {
                throw new IllegalArgumentException("socket path too long for AF_UNIX (max "
                        + RuntimeLayout.MAX_SOCKET_PATH + " bytes): " + p);
            }
        }
    }

    /**
     * The usual context: paths from {@code layout}, the profile's QEMU binary or {@code defaultQemu}, the profile's
     * serial log if it names one, no fds, no override, not paused.
     */
    public static LaunchContext of(Profile profile, RuntimeLayout layout, Path defaultQemu) {
        String name = profile.name();
        return new LaunchContext(profile.qemu().orElse(defaultQemu), layout.runtimeDir(name), layout.qmpSocket(name),
                layout.serialSocket(name), profile.serialLog().orElse(layout.serialLog(name)), Map.of(),
                Optional.empty(), false);
    }

    public LaunchContext withNicFds(Map<String, Integer> fds) {
        return new LaunchContext(qemuBinary, runtimeDir, qmpSocket, serialSocket, serialLog, fds, incoming,
                startPaused);
    }

    public LaunchContext withIncoming(Optional<String> uri) {
        return new LaunchContext(qemuBinary, runtimeDir, qmpSocket, serialSocket, serialLog, nicFds, uri,
                startPaused);
    }

    public LaunchContext withStartPaused(boolean paused) {
        return new LaunchContext(qemuBinary, runtimeDir, qmpSocket, serialSocket, serialLog, nicFds, incoming,
                paused);
    }
}
