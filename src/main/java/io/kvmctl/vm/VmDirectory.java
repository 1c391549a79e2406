package io.kvmctl.vm;

import io.kvmctl.profile.Profile;
import io.kvmctl.qemu.LaunchContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of one VM's runtime directory. Only kvmctl writes here; QEMU gets its sockets as inherited
 * descriptors and its log as stdout/stderr.
 */
public record VmDirectory(Path path) {
    public String name() {
        return path.getFileName().toString();
    }

    /** The runtime root this directory lives in, beside the VM's neighbours. */
    public RuntimeRoot root() {
        return new RuntimeRoot(path.getParent());
    }

    /**
     * The QMP monitor of the process that started the VM (the API handle, or {@code up --foreground}). QEMU
     * serves one client per monitor, so other kvmctl processes use {@link #controlSocket()}.
     */
    public Path qmpSocket() {
        return path.resolve("qmp.sock");
    }

    /** The QMP monitor for short kvmctl commands from other processes ({@code status}, {@code down}, ...). */
    public Path controlSocket() {
        return path.resolve("control.sock");
    }

    /**
     * A third QMP monitor for long-lived user sessions ({@code qmp-shell}, {@code events --follow},
     * {@code script}). QEMU serves one client per monitor, so keeping these apart means {@code status} and
     * {@code down} still answer while a shell is open.
     */
    public Path userMonitorSocket() {
        return path.resolve("monitor.sock");
    }

    /**
     * The monitors a short kvmctl command ({@code status}, {@code down}, {@code pause}, ...) tries, in order: the
     * control monitor, then the session monitor, then the starter's (free once a detached {@code up} has returned).
     * QEMU serves one client per monitor, so a client holding one of them does not stall kvmctl.
     */
    public List<Path> commandMonitors() {
        return List.of(controlSocket(), userMonitorSocket(), qmpSocket());
    }

    /**
     * The monitors a long session ({@code qmp-shell}, {@code events}, {@code script}) tries, in order. Never the
     * control monitor: a session left open there would make every short command look elsewhere first.
     */
    public List<Path> sessionMonitors() {
        return List.of(userMonitorSocket(), qmpSocket());
    }

    /**
     * The monitors a resident client ({@code kvmctl web}) holds, in order: the starter's first (free once a detached
     * {@code up} has returned, and no CLI command tries it before the others), then the session monitor. Never the
     * control monitor, which short commands try first.
     */
    public List<Path> residentMonitors() {
        return List.of(qmpSocket(), userMonitorSocket());
    }

    /** The monitor for outside QMP tools named {@code name} in the profile's {@code qmp_sockets}. */
    public Path outsideMonitor(String name) {
        return path.resolve("qmp-" + name + ".sock");
    }

    /** The monitors for outside tools that exist in this directory ({@code qmp-NAME.sock}), by name. */
    public List<Path> outsideMonitors() {
        try (var files = java.nio.file.Files.newDirectoryStream(path, "qmp-*.sock")) {
            List<Path> found = new java.util.ArrayList<>();
            files.forEach(found::add);
            found.sort(null);
            return found;
        } catch (java.io.IOException e) {
            return List.of(); // no directory (QEMU gone and cleaned up): no monitors
        }
    }

    /** The serial console socket that {@code kvmctl console} attaches to. */
    public Path serialSocket() {
        return path.resolve("serial.sock");
    }

    /** The host end of the guest agent's virtio-serial channel ({@code agent: true}); one client at a time. */
    public Path agentSocket() {
        return path.resolve("agent.sock");
    }

    /** Everything the guest wrote to its serial port, appended by QEMU. */
    public Path serialLog() {
        return path.resolve("serial.log");
    }

    /** QEMU's stdout and stderr. */
    public Path qemuLog() {
        return path.resolve("qemu.log");
    }

    /** QEMU writes its pid here at start ({@code -pidfile}): the process kvmctl signals. */
    public Path qemuPidFile() {
        return path.resolve("qemu.pid");
    }

    /** Written by the supervisor shell when QEMU exits: its exit code, or 128 + signal. */
    public Path exitStatus() {
        return path.resolve("exit-status");
    }

    /** The cloud-init seed written at this start ({@code cloud_init}), attached read-only as {@code kvmctl-seed}. */
    public Path seedFile() {
        return path.resolve(io.kvmctl.qemu.QemuCommandLine.SEED_FILE);
    }

    /** The name of the user the seed makes, one line: whom {@code kvmctl ssh} logs in as. */
    public Path guestUserFile() {
        return path.resolve("cloud-init-user");
    }

    /** The runtime record ({@link VmRecord}) as JSON. */
    public Path state() {
        return path.resolve("state.json");
    }

    /** A copy of the profile the VM was started from, so it can be restarted or migrated as it was. */
    public Path profileCopy() {
        return path.resolve("profile.yaml");
    }

    /**
     * The {@link LogRoot} this VM's start chose, as one line: its logs go there when the directory is removed,
     * whichever process removes it.
     */
    public Path logRootFile() {
        return path.resolve("log-root");
    }

    /** The lock file that serialises {@code up} and {@code down} of this name. Lives beside the directory. */
    public Path lockFile() {
        return path.resolveSibling("." + name() + ".lock");
    }

    /**
     * What QEMU gets from this directory, as {@code up} starts it and {@code cmdline} prints it: the binary, the
     * sockets, the serial log (unless the profile names one) and the pid file; no NIC descriptors, not paused.
     */
    public LaunchContext launchContext(Path qemuBinary, Profile profile) {
        return new LaunchContext(
                qemuBinary,
                path(),
                qmpSocket(),
                serialSocket(),
                profile.serialLog().orElse(serialLog()),
                Map.of(),
                Optional.empty(),
                false,
                false,
                Optional.of(qemuPidFile()));
    }
}
