package io.kvmctl.vm;

import io.kvmctl.firmware.VmFirmware;
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
 * @param paused start with the vCPUs stopped ({@code -S}); {@code kvmctl resume} (QMP cont) starts them
 * @param overlaysFrom a runtime directory whose overlays ({@code overlay: true} disks) this VM takes over instead of
 *     creating fresh ones: a local migration's destination must write on where the source's guest wrote
 * @param logRoot where the VM's serial and QEMU logs are kept when its runtime directory goes ({@link LogArchive})
 * @param runAs the user QEMU runs as when kvmctl is root, over the profile's {@code run_as} ({@link QemuRunAs})
 * @param homes where VMs keep what outlives {@code down}: UEFI variables, kvmctl's ssh key for a VM ({@link VmHomes})
 * @param firmware the UEFI firmware and variables store to run instead of choosing them from the profile: a local
 *     migration's destination runs the source's (the guest's firmware must not change, its boot entries are there)
 * @param sharedMemory for a {@code memory_backend: shared} profile, the guest memory to map instead of a new one: a
 *     local migration's destination takes over the source's pages (the caller keeps and closes it)
 */
public record StartOptions(
        Optional<String> name,
        RuntimeRoot root,
        Optional<Path> qemuBinary,
        Optional<String> incoming,
        Duration readyTimeout,
        Optional<Path> profileSource,
        boolean paused,
        Optional<Path> overlaysFrom,
        LogRoot logRoot,
        Optional<String> runAs,
        VmHomes homes,
        Optional<VmFirmware> firmware,
        Optional<SharedGuestMemory> sharedMemory) {
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(30);

    public static StartOptions defaults() {
        return new StartOptions(
                Optional.empty(),
                RuntimeRoot.fromEnvironment(),
                Optional.empty(),
                Optional.empty(),
                DEFAULT_READY_TIMEOUT,
                Optional.empty(),
                false,
                Optional.empty(),
                LogRoot.fromEnvironment(),
                Optional.empty(),
                VmHomes.fromEnvironment(),
                Optional.empty(),
                Optional.empty());
    }

    public StartOptions withName(String newName) {
        return new StartOptions(
                Optional.of(newName),
                root,
                qemuBinary,
                incoming,
                readyTimeout,
                profileSource,
                paused,
                overlaysFrom,
                logRoot,
                runAs,
                homes,
                firmware,
                sharedMemory);
    }

    public StartOptions withRoot(RuntimeRoot newRoot) {
        return new StartOptions(
                name,
                newRoot,
                qemuBinary,
                incoming,
                readyTimeout,
                profileSource,
                paused,
                overlaysFrom,
                logRoot,
                runAs,
                homes,
                firmware,
                sharedMemory);
    }

    public StartOptions withQemuBinary(Path binary) {
        return new StartOptions(
                name,
                root,
                Optional.of(binary),
                incoming,
                readyTimeout,
                profileSource,
                paused,
                overlaysFrom,
                logRoot,
                runAs,
                homes,
                firmware,
                sharedMemory);
    }

    public StartOptions withIncoming(String uri) {
        return new StartOptions(
                name,
                root,
                qemuBinary,
                Optional.of(uri),
                readyTimeout,
                profileSource,
                paused,
                overlaysFrom,
                logRoot,
                runAs,
                homes,
                firmware,
                sharedMemory);
    }

    public StartOptions withReadyTimeout(Duration timeout) {
        return new StartOptions(
                name,
                root,
                qemuBinary,
                incoming,
                timeout,
                profileSource,
                paused,
                overlaysFrom,
                logRoot,
                runAs,
                homes,
                firmware,
                sharedMemory);
    }

    public StartOptions withProfileSource(Path file) {
        return new StartOptions(
                name,
                root,
                qemuBinary,
                incoming,
                readyTimeout,
                Optional.of(file),
                paused,
                overlaysFrom,
                logRoot,
                runAs,
                homes,
                firmware,
                sharedMemory);
    }

    public StartOptions withPaused(boolean startPaused) {
        return new StartOptions(
                name,
                root,
                qemuBinary,
                incoming,
                readyTimeout,
                profileSource,
                startPaused,
                overlaysFrom,
                logRoot,
                runAs,
                homes,
                firmware,
                sharedMemory);
    }

    public StartOptions withOverlaysFrom(Path runtimeDir) {
        return new StartOptions(
                name,
                root,
                qemuBinary,
                incoming,
                readyTimeout,
                profileSource,
                paused,
                Optional.of(runtimeDir),
                logRoot,
                runAs,
                homes,
                firmware,
                sharedMemory);
    }

    public StartOptions withLogRoot(LogRoot newLogRoot) {
        return new StartOptions(
                name,
                root,
                qemuBinary,
                incoming,
                readyTimeout,
                profileSource,
                paused,
                overlaysFrom,
                newLogRoot,
                runAs,
                homes,
                firmware,
                sharedMemory);
    }

    public StartOptions withRunAs(String user) {
        return new StartOptions(
                name,
                root,
                qemuBinary,
                incoming,
                readyTimeout,
                profileSource,
                paused,
                overlaysFrom,
                logRoot,
                Optional.of(user),
                homes,
                firmware,
                sharedMemory);
    }

    public StartOptions withHomes(VmHomes newHomes) {
        return new StartOptions(
                name,
                root,
                qemuBinary,
                incoming,
                readyTimeout,
                profileSource,
                paused,
                overlaysFrom,
                logRoot,
                runAs,
                newHomes,
                firmware,
                sharedMemory);
    }

    public StartOptions withFirmware(VmFirmware recorded) {
        return new StartOptions(
                name,
                root,
                qemuBinary,
                incoming,
                readyTimeout,
                profileSource,
                paused,
                overlaysFrom,
                logRoot,
                runAs,
                homes,
                Optional.of(recorded),
                sharedMemory);
    }

    public StartOptions withSharedMemory(SharedGuestMemory memory) {
        return new StartOptions(
                name,
                root,
                qemuBinary,
                incoming,
                readyTimeout,
                profileSource,
                paused,
                overlaysFrom,
                logRoot,
                runAs,
                homes,
                firmware,
                Optional.of(memory));
    }
}
