package io.kvmctl.vm;

import io.kvmctl.sys.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A runtime directory without a record ({@code state.json}). kvmctl records a VM only once its QEMU answers, so
 * such a directory is a start in progress, or one whose kvmctl was killed (SIGKILL, OOM killer, a lost SSH
 * session's hang-up) on the way, possibly with its QEMU running on. That QEMU must not be hidden: it is found by
 * its command line ({@link LaunchedProcesses}), shown by {@code list} and {@code status}, and {@code down} stops it
 * and removes the directory like any VM's.
 */
final class UnrecordedVm {
    /** What an unrecorded directory is. */
    enum State {
        /** Another kvmctl holds the VM's lock: it is starting the VM now. */
        STARTING("starting"),
        /** No kvmctl works on it, but QEMU (or its supervisor) runs: the starter died before recording it. */
        INTERRUPTED("interrupted"),
        /** No kvmctl and no process: a start that died before QEMU ran, or whose QEMU has exited since. */
        STALE("stale");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    private UnrecordedVm() {}

    /** A handle on the unrecorded directory {@code dir} (or on the recorded VM it became meanwhile). */
    static Vm attach(VmDirectory dir) throws IOException {
        VmLock lock = VmLock.tryAcquire(dir);
        if (lock == null) {
            return handle(dir, State.STARTING, LaunchedProcesses.of(dir));
        }
        try {
            // Under the lock no start is half-way: a record written since the caller looked is the truth now.
            Optional<VmRecord> record = VmRecordStore.read(dir);
            if (record.isPresent()) {
                return new Vm(dir, record.get(), null, null);
            }
            List<LaunchedProcesses.Launched> running = LaunchedProcesses.of(dir);
            return handle(dir, running.isEmpty() ? State.STALE : State.INTERRUPTED, running);
        } finally {
            lock.close();
        }
    }

    /**
     * Stops what runs of an unrecorded VM, the caller holding its lock: QEMU through the usual steps (it may well
     * answer QMP on its control monitor), then SIGKILL for whatever is left (a supervisor shell, a QEMU that never
     * got to its monitor).
     */
    static StopReport stop(Vm vm, Duration gracefulTimeout, boolean force) throws IOException {
        long start = System.nanoTime();
        VmDirectory dir = vm.directory();
        Optional<VmRecord> record = VmRecordStore.read(dir);
        if (record.isPresent()) { // the start we waited for (on the lock) finished: stop that VM
            return new Vm(dir, record.get(), null, null).stop(gracefulTimeout, force);
        }
        List<LaunchedProcesses.Launched> running = LaunchedProcesses.of(dir);
        Vm now = handle(dir, running.isEmpty() ? State.STALE : State.INTERRUPTED, running);
        List<String> notes = new ArrayList<>();
        notes.add("the kvmctl that started this VM was killed before it recorded the VM");
        StopStep step = StopStep.ALREADY_STOPPED;
        if (now.isRunning()) {
            StopReport report = VmStopper.stop(now, gracefulTimeout, force);
            step = report.step();
            notes.addAll(report.notes());
        }
        List<LaunchedProcesses.Launched> left = LaunchedProcesses.of(dir);
        for (LaunchedProcesses.Launched p : left) {
            Processes.kill(p.pid(), Processes.SIGKILL);
        }
        for (LaunchedProcesses.Launched p : left) {
            if (!Processes.awaitExit(p.pid(), 10_000)) {
                throw new IOException("process " + p.pid() + " of VM " + dir.name() + " survived SIGKILL for 10 s: "
                        + "it is stuck in the kernel; its runtime directory " + dir.path() + " was kept");
            }
        }
        if (!left.isEmpty() && step == StopStep.ALREADY_STOPPED) {
            step = StopStep.SIGKILL;
        }
        now.closeQmp();
        return new StopReport(
                dir.name(),
                step,
                Duration.ofNanos(System.nanoTime() - start),
                QemuSupervisor.recorded(dir).orElse(null),
                notes);
    }

    /** What the user is told about it, with the command that cleans it up. */
    static String describe(Vm vm, State state) {
        String name = vm.name();
        int pid = vm.record().qemuPid();
        return switch (state) {
            case STARTING -> "another kvmctl is starting this VM" + (pid > 0 ? " (QEMU pid " + pid + ")" : "");
            case INTERRUPTED ->
                "the kvmctl that started this VM was killed before QEMU answered and was recorded; "
                        + (pid > 0
                                ? "QEMU (pid " + pid + ")"
                                : "its supervisor (pid " + vm.record().supervisorPid() + ")")
                        + " still runs; 'kvmctl down " + name + "' stops it and cleans up";
            case STALE ->
                "left by a start whose kvmctl was killed; no QEMU runs"
                        + vm.exitStatus()
                                .map(s -> " (QEMU " + s.describe() + ")")
                                .orElse("")
                        + "; 'kvmctl down " + name + "' or the next 'kvmctl up' removes it";
        };
    }

    /** A handle whose record is put together from the processes found (pids, start time, argv). */
    private static Vm handle(VmDirectory dir, State state, List<LaunchedProcesses.Launched> running)
            throws IOException {
        int supervisor = 0;
        int qemu = 0;
        List<String> argv = List.of();
        for (LaunchedProcesses.Launched p : running) {
            if (p.role() == LaunchedProcesses.Role.SUPERVISOR && supervisor == 0) {
                supervisor = p.pid();
            } else if (p.role() == LaunchedProcesses.Role.QEMU && qemu == 0) {
                qemu = p.pid();
                argv = p.argv();
            }
        }
        int qemuPid = qemu;
        Instant qemuStart = qemu == 0
                ? null
                : ProcessHandle.of(qemu).flatMap(p -> p.info().startInstant()).orElse(null);
        Instant created = Files.exists(dir.path(), LinkOption.NOFOLLOW_LINKS)
                ? Files.getLastModifiedTime(dir.path()).toInstant()
                : Instant.now();
        VmRecord record = new VmRecord(
                VmRecord.FORMAT_VERSION,
                dir.name(),
                supervisor != 0 ? supervisor : qemuPid,
                qemuPid,
                qemuStart,
                argv,
                null,
                null,
                created,
                Processes.uid(),
                null,
                null);
        return new Vm(dir, record, null, null, state);
    }
}
