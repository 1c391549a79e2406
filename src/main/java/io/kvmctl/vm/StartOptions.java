package io.kvmctl.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to start a VM beyond what its profile says.
 *
 * @param name overrides the profile's name (to run two VMs from one profile)
 * @param root where the runtime directory goes
 * @param qemuBinary overrides the profile's and the default QEMU binary
 * @param incoming overrides the profile's incoming migration ({@code defer}, {@code tcp:HOST:PORT}, ...)
 * @param readyTimeout how long QEMU may take to answer on its QMP monitor
 * @param profileSource the file the profile came from, recorded and copied into the runtime directory
 */
public record StartOptions(Optional<String> name, RuntimeRoot root, Optional<Path> qemuBinary,
        Optional<String> incoming, Duration readyTimeout, Optional<Path> profileSource) {
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(30);

    public static StartOptions defaults() {
        return new StartOptions(Optional.empty(), RuntimeRoot.fromEnvironment(), Optional.empty(), Optional.empty(),
                DEFAULT_READY_TIMEOUT, Optional.empty());
    }

    public StartOptions withName(String newName) {
        return new StartOptions(Optional.of(newName), root, qemuBinary, incoming, readyTimeout, profileSource);
    }

    public StartOptions withRoot(RuntimeRoot newRoot) {
        return new StartOptions(name, newRoot, qemuBinary, incoming, readyTimeout, profileSource);
    }

    public StartOptions withQemuBinary(Path binary) {
        return new StartOptions(name, root, Optional.of(binary), incoming, readyTimeout, profileSource);
    }

    public StartOptions withIncoming(String uri) {
        return new StartOptions(name, root, qemuBinary, Optional.of(uri), readyTimeout, profileSource);
    }

    public StartOptions withReadyTimeout(Duration timeout) {
        return new StartOptions(name, root, qemuBinary, incoming, timeout, profileSource);
    }

    public StartOptions withProfileSource(Path file) {
        return new StartOptions(name, root, qemuBinary, incoming, readyTimeout, Optional.of(file));
    }
}
