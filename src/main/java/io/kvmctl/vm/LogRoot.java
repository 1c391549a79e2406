package io.kvmctl.vm;

import io.kvmctl.files.PrivateFolders;
import io.kvmctl.sys.Processes;
import io.kvmctl.text.DiskFull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the serial and QEMU logs of a VM are kept once its runtime directory is gone: {@code $KVMCTL_LOG_DIR},
 * else {@code /var/log/kvmctl} for root, else {@code $XDG_STATE_HOME/kvmctl}, else {@code ~/.local/state/kvmctl}
 * (the XDG base directory spec's place for state that outlives a restart, such as logs). One folder per VM name,
 * which keeps its logs across runs ({@link LogArchive}); the root and each folder are 0700 and owned by the user,
 * the files 0600, since a serial console can carry anything the guest prints.
 */
public record LogRoot(Path path) {
    public static final String ENV = "KVMCTL_LOG_DIR";

    /** The root chosen from the environment of this process. */
    public static LogRoot fromEnvironment() {
        return fromEnvironment(System.getenv(), Processes.uid());
    }

    static LogRoot fromEnvironment(Map<String, String> env, int uid) {
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) {
            return new LogRoot(Path.of(explicit).toAbsolutePath());
        }
        if (uid == 0) {
            return new LogRoot(Path.of("/var/log/kvmctl"));
        }
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) { // the spec ignores relative ones
            return new LogRoot(Path.of(state, "kvmctl"));
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new LogRoot(Path.of(home, ".local", "state", "kvmctl"));
    }

    /**
     * The root a VM's logs go to: the one its start chose ({@link #recordIn}), so that whoever stops it keeps them in
     * the same place, else, for a directory older than that record, this process's.
     */
    public static LogRoot of(VmDirectory dir) throws IOException {
        try {
            return new LogRoot(Path.of(Files.readString(dir.logRootFile()).strip()));
        } catch (NoSuchFileException e) {
            return fromEnvironment();
        }
    }

    /**
     * Records this root in a VM's runtime directory, as a one-line file (0600): not a symbolic link, since a runtime
     * directory holds none (a link there is what an attacker would plant).
     */
    void recordIn(VmDirectory dir) throws IOException {
        Path file = dir.logRootFile();
        try {
            Files.writeString(
                    Files.createFile(
                            file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    path + "\n");
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // The first file a start writes: on a full disk this is where the user learns which file system to clear.
            throw new IOException(
                    "could not write the log folder record of VM " + dir.name() + " (" + file + "): " + reason
                            + DiskFull.hint(reason, file).orElse(""),
                    e);
        }
    }

    /** The log folder of VM {@code name} (which may not exist). */
    public Path vm(String name) {
        return path.resolve(VmNames.requireValid(name));
    }

    /** Creates the root and the folder of {@code name} when missing; refuses ones that others can enter. */
    Path ensure(String name) throws IOException {
        PrivateFolders.ensure(ENV, path, vm(name));
        return vm(name);
    }

    /** The kept serial logs of VM {@code name}, oldest first (empty when none were kept). */
    public java.util.List<Path> serialLogs(String name) {
        return LogRotation.DEFAULT.oldestFirst(vm(name), LogArchive.SERIAL);
    }

    /** The kept QEMU logs (its stdout and stderr) of VM {@code name}, oldest first. */
    public java.util.List<Path> qemuLogs(String name) {
        return LogRotation.DEFAULT.oldestFirst(vm(name), LogArchive.QEMU);
    }
}
