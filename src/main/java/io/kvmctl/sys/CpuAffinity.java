package io.kvmctl.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.BitSet;

/**
 * Which host CPUs a thread may run on: {@code sched_setaffinity}/{@code sched_getaffinity} on a thread id (as
 * QEMU reports a vCPU's in {@code query-cpus-fast}), with a {@code cpu_set_t} of 1024 bits as glibc defines it.
 */
@SuppressWarnings("restricted")
public final class CpuAffinity {
    /** glibc's {@code CPU_SETSIZE}: 1024 CPUs, 128 bytes. */
    public static final int CPU_SETSIZE = 1024;

    private static final long SET_BYTES = CPU_SETSIZE / 8;
    private static final int EPERM = 1;
    private static final int ESRCH = 3;
    private static final int EINVAL = 22;

    /**
     * {@snippet lang=c :
     * int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask);
     * }
     */
    private static final MethodHandle SET =
            NativeCalls.withErrno("sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    /**
     * {@snippet lang=c :
     * int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask);
     * }
     */
    private static final MethodHandle GET =
            NativeCalls.withErrno("sched_getaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));

    private CpuAffinity() {}

    /** Lets thread {@code tid} run only on {@code cpus}. */
    public static void set(long tid, BitSet cpus) throws SysCallException {
        if (cpus.isEmpty() || cpus.length() > CPU_SETSIZE) {
            throw new IllegalArgumentException("a CPU set needs 1 to " + CPU_SETSIZE + " CPUs, got " + cpus);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(SET_BYTES);
            byte[] bytes = cpus.toByteArray(); // little-endian bit order, as cpu_set_t on x86-64
            MemorySegment.copy(bytes, 0, mask, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
            int rc;
            try {
                rc = (int) SET.invokeExact(NativeCalls.captureState(), (int) tid, SET_BYTES, mask);
            } catch (Throwable t) {
                throw NativeCalls.linkFailure("sched_setaffinity", t);
            }
            if (rc != 0) {
                int errno = NativeCalls.lastErrno();
                throw new SysCallException("sched_setaffinity(" + tid + ", " + cpus + ")", errno, hint(errno));
            }
        }
    }

    /** The CPUs thread {@code tid} may run on. */
    public static BitSet get(long tid) throws SysCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(SET_BYTES);
            int rc;
            try {
                rc = (int) GET.invokeExact(NativeCalls.captureState(), (int) tid, SET_BYTES, mask);
            } catch (Throwable t) {
                throw NativeCalls.linkFailure("sched_getaffinity", t);
            }
            if (rc < 0) {
                int errno = NativeCalls.lastErrno();
                throw new SysCallException("sched_getaffinity(" + tid + ")", errno, hint(errno));
            }
            return BitSet.valueOf(mask.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
    }

    private static String hint(int errno) {
        return switch (errno) {
            case ESRCH -> "no such thread (the VM stopped?)";
            case EPERM -> "the thread belongs to another user; run as that user or root";
            case EINVAL -> "none of those CPUs is online or allowed (cgroup cpuset?)";
            default -> null;
        };
    }
}
