package io.kvmctl.vm;

import io.kvmctl.sys.Processes;
import io.kvmctl.sys.SysCallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Starts QEMU under a two-line shell that waits for it and writes its exit status to the runtime directory: VMs
 * outlive the kvmctl that started them, and without this a later kvmctl could say that QEMU died but not how.
 * The shell starts in a new session (so Ctrl-C in the user's terminal does not reach the VM) and passes the
 * inherited sockets through to QEMU.
 */
final class QemuSupervisor {
    /** $1 = exit-status file, the rest = QEMU's argv. The status is written before the shell exits with it. */
    private static final String SCRIPT = "f=$1; shift; \"$@\"; s=$?; echo $s > \"$f\"; exit $s";

    /**
     * Moves itself into each cgroup.procs file given before {@code --}, then becomes QEMU: QEMU runs no instruction
     * outside the VM's cgroup, and the supervising shell stays out of it (it is not QEMU's to be capped or counted).
     * 125 (like env's "cannot run") when a move fails; the shell's message goes to qemu.log.
     */
    private static final String JOIN_CGROUP =
            "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift; exec \"$@\"";

    private final int pid;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();

    private QemuSupervisor(int pid) {
        this.pid = pid;
    }

    /**
     * Spawns the supervisor and QEMU.
     *
     * @param inheritedFds child fd number -> our fd number (the QMP and serial listening sockets, tap fds)
     * @param cgroupProcs the cgroup.procs files of the VM's cgroup (none: QEMU stays in kvmctl's cgroup)
     */
    static QemuSupervisor start(
            List<String> qemuArgv, VmDirectory dir, Map<Integer, Integer> inheritedFds, List<Path> cgroupProcs)
            throws SysCallException {
        List<String> argv = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                SCRIPT,
                "kvmctl-supervise-" + dir.name(),
                dir.exitStatus().toString()));
        if (!cgroupProcs.isEmpty()) {
            argv.addAll(List.of("/bin/sh", "-c", JOIN_CGROUP, "kvmctl-join-cgroup"));
            cgroupProcs.forEach(p -> argv.add(p.toString()));
            argv.add("--");
        }
        argv.addAll(qemuArgv);
        int pid = Processes.spawn(new Processes.SpawnRequest(
                argv,
                QemuEnvironment.of(System.getenv()),
                inheritedFds,
                dir.qemuLog().toString(),
                true));
        QemuSupervisor supervisor = new QemuSupervisor(pid);
        // We are its parent, so someone in this JVM must reap it: a small daemon thread blocked in waitpid.
        Thread.ofPlatform()
                .daemon()
                .name("kvmctl-reaper-" + pid)
                .stackSize(64 * 1024)
                .start(() -> {
                    try {
                        supervisor.exit.complete(new ExitStatus(Processes.shellStatus(Processes.waitFor(pid, false))));
                    } catch (SysCallException e) {
                        supervisor.exit.completeExceptionally(e);
                    }
                });
        return supervisor;
    }

    int pid() {
        return pid;
    }

    /** Completes when the supervisor (and so QEMU) has exited, with QEMU's status. */
    CompletableFuture<ExitStatus> exit() {
        return exit;
    }

    /** The status the supervisor recorded, for a VM that this process did not start. */
    static Optional<ExitStatus> recorded(VmDirectory dir) throws IOException {
        try {
            return Optional.ofNullable(ExitStatus.parse(Files.readString(dir.exitStatus())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
