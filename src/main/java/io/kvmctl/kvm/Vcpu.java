package io.kvmctl.kvm;

import static io.kvmctl.sys.KvmStructs.RUN_EXIT_REASON;

import io.kvmctl.sys.Errno;
import io.kvmctl.sys.KvmExitReasons;
import io.kvmctl.sys.KvmIoctls;
import io.kvmctl.sys.KvmStructs;
import io.kvmctl.sys.Libc;
import io.kvmctl.sys.SysCallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A virtual CPU: its fd and its mapped kvm_run page, read in place after each {@link #run()}. Not thread-safe:
 * one thread runs a vCPU, as KVM itself expects.
 */
public final class Vcpu implements AutoCloseable {
    private final int id;
    private final int fd;
    private final MemorySegment run;
    private final String device;
    /** Reused for get/set of registers so the vCPU loop does not allocate native memory per call; shared because
     * a vCPU may be created on one thread and run on another. */
    private final Arena arena = Arena.ofShared();

    private final MemorySegment regsBuffer = arena.allocate(KvmStructs.KVM_REGS);
    private final MemorySegment sregsBuffer = arena.allocate(KvmStructs.KVM_SREGS);
    private boolean closed;

    Vcpu(int id, int fd, MemorySegment run, String device) {
        this.id = id;
        this.fd = fd;
        this.run = run;
        this.device = device;
    }

    public int id() {
        return id;
    }

    public Regs regs() throws KvmException {
        ioctl(KvmIoctls.KVM_GET_REGS, regsBuffer, "KVM_GET_REGS");
        return Regs.read(regsBuffer);
    }

    public void setRegs(Regs regs) throws KvmException {
        regs.write(regsBuffer);
        ioctl(KvmIoctls.KVM_SET_REGS, regsBuffer, "KVM_SET_REGS");
    }

    public Sregs sregs() throws KvmException {
        ioctl(KvmIoctls.KVM_GET_SREGS, sregsBuffer, "KVM_GET_SREGS");
        return Sregs.read(sregsBuffer);
    }

    public void setSregs(Sregs sregs) throws KvmException {
        sregs.write(sregsBuffer);
        ioctl(KvmIoctls.KVM_SET_SREGS, sregsBuffer, "KVM_SET_SREGS");
    }

    /** KVM_SET_CPUID2: the CPUID leaves the guest sees (typically {@link Kvm#supportedCpuid()}, maybe trimmed). */
    public void setCpuid(List<CpuidEntry> entries) throws KvmException {
        long header = KvmStructs.KVM_CPUID2.byteSize();
        long entrySize = KvmStructs.KVM_CPUID_ENTRY2.byteSize();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buffer = a.allocate(header + entries.size() * entrySize, 8);
            buffer.set(ValueLayout.JAVA_INT, 0, entries.size());
            for (int i = 0; i < entries.size(); i++) {
                entries.get(i).write(buffer.asSlice(header + i * entrySize, entrySize));
            }
            ioctl(KvmIoctls.KVM_SET_CPUID2, buffer, "KVM_SET_CPUID2");
        }
    }

    /**
     * KVM_RUN: runs guest code until it needs user space and returns why. EINTR (a signal) returns
     * {@code Other(KVM_EXIT_INTR)} so a caller can check its stop flag; EAGAIN is retried.
     */
    public VcpuExit run() throws KvmException {
        ensureOpen();
        int rc;
        do {
            rc = Libc.ioctlRaw(fd, KvmIoctls.KVM_RUN, MemorySegment.NULL);
        } while (rc == -Errno.EAGAIN);
        if (rc == -Errno.EINTR) {
            return new VcpuExit.Other(KvmExitReasons.KVM_EXIT_INTR);
        }
        if (rc < 0) {
            throw new KvmException("KVM_RUN", -rc, KvmException.hint("KVM_RUN", -rc, device));
        }
        return decodeExit();
    }

    /** The kvm_run page itself, for callers that need a member this class does not decode. */
    public MemorySegment runPage() {
        return run;
    }

    private VcpuExit decodeExit() {
        int reason = run.get(ValueLayout.JAVA_INT, RUN_EXIT_REASON);
        return switch (reason) {
            case KvmExitReasons.KVM_EXIT_IO -> {
                int size = Byte.toUnsignedInt(run.get(ValueLayout.JAVA_BYTE, KvmStructs.RUN_IO_SIZE));
                int count = run.get(ValueLayout.JAVA_INT, KvmStructs.RUN_IO_COUNT);
                long dataOffset = run.get(ValueLayout.JAVA_LONG, KvmStructs.RUN_IO_DATA_OFFSET);
                VcpuExit.Direction direction =
                        run.get(ValueLayout.JAVA_BYTE, KvmStructs.RUN_IO_DIRECTION) == KvmExitReasons.KVM_EXIT_IO_OUT
                                ? VcpuExit.Direction.OUT
                                : VcpuExit.Direction.IN;
                yield new VcpuExit.Io(
                        Short.toUnsignedInt(run.get(ValueLayout.JAVA_SHORT, KvmStructs.RUN_IO_PORT)),
                        direction,
                        size,
                        count,
                        run.asSlice(dataOffset, (long) size * count));
            }
            case KvmExitReasons.KVM_EXIT_MMIO ->
                new VcpuExit.Mmio(
                        run.get(ValueLayout.JAVA_LONG, KvmStructs.RUN_MMIO_PHYS_ADDR),
                        run.get(ValueLayout.JAVA_INT, KvmStructs.RUN_MMIO_LEN),
                        run.get(ValueLayout.JAVA_BYTE, KvmStructs.RUN_MMIO_IS_WRITE) != 0,
                        run.asSlice(KvmStructs.RUN_MMIO_DATA, 8));
            case KvmExitReasons.KVM_EXIT_HLT -> new VcpuExit.Hlt();
            case KvmExitReasons.KVM_EXIT_SHUTDOWN -> new VcpuExit.Shutdown();
            case KvmExitReasons.KVM_EXIT_FAIL_ENTRY ->
                new VcpuExit.FailEntry(
                        run.get(ValueLayout.JAVA_LONG, KvmStructs.RUN_FAIL_ENTRY_REASON),
                        run.get(ValueLayout.JAVA_INT, KvmStructs.RUN_FAIL_ENTRY_CPU));
            case KvmExitReasons.KVM_EXIT_INTERNAL_ERROR -> {
                int n = Math.min(
                        run.get(ValueLayout.JAVA_INT, KvmStructs.RUN_INTERNAL_NDATA),
                        KvmStructs.INTERNAL_ERROR_DATA_WORDS);
                List<Long> data = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    data.add(run.get(ValueLayout.JAVA_LONG, KvmStructs.RUN_INTERNAL_DATA + 8L * i));
                }
                yield new VcpuExit.KvmInternalError(
                        run.get(ValueLayout.JAVA_INT, KvmStructs.RUN_INTERNAL_SUBERROR), data);
            }
            default -> new VcpuExit.Other(reason);
        };
    }

    private void ioctl(long request, MemorySegment arg, String name) throws KvmException {
        ensureOpen();
        try {
            Libc.ioctl(fd, request, arg, name);
        } catch (SysCallException e) {
            throw KvmException.of(e, device);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("vCPU " + id + " is closed");
        }
    }

    @Override
    public void close() throws KvmException {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
        try {
            Libc.munmap(run);
            Libc.close(fd);
        } catch (SysCallException e) {
            throw KvmException.of(e, device);
        }
    }
}
