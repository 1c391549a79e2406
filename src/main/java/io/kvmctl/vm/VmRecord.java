package io.kvmctl.vm;

import io.kvmctl.firmware.VmFirmware;
import java.time.Instant;
import java.util.List;

/**
 * What kvmctl records about a running VM, in {@code state.json} of its runtime directory, so any later kvmctl
 * process can find, inspect and stop it.
 *
 * @param name the VM name
 * @param supervisorPid the small shell that waits for QEMU and writes its exit status
 * @param qemuPid QEMU itself (the peer of the QMP socket)
 * @param qemuStartedAt QEMU's process start time: a pid with another start time is a reused pid, not our VM
 * @param argv QEMU's full command line
 * @param profileSource the profile file the VM was started from
 * @param accel the accelerator the profile asked for (kvm, tcg or auto)
 * @param startedAt when kvmctl started it
 * @param uid the user who started it
 * @param machine the versioned machine type QEMU runs ({@code pc-q35-7.2}), resolved from the profile's alias at
 *     the first start and kept by migrations; null in records written before kvmctl recorded it
 * @param firmware the UEFI build and variables store QEMU runs; null for SeaBIOS (and in older records)
 */
public record VmRecord(
        int formatVersion,
        String name,
        int supervisorPid,
        int qemuPid,
        Instant qemuStartedAt,
        List<String> argv,
        String profileSource,
        String accel,
        Instant startedAt,
        int uid,
        String machine,
        VmFirmware firmware) {
    public static final int FORMAT_VERSION = 1;

    public VmRecord {
        argv = List.copyOf(argv);
    }

    /** Whether the recorded QEMU process still exists (same pid and same start time). */
    public boolean qemuAlive() {
        return ProcessHandle.of(qemuPid)
                .filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().startInstant())
                .map(start ->
                        qemuStartedAt == null || Math.abs(start.toEpochMilli() - qemuStartedAt.toEpochMilli()) < 1000)
                .orElse(false);
    }
}
