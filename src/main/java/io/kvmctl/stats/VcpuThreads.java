package io.kvmctl.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks QEMU's vCPU threads out of its threads by the names {@code -name ...,debug-threads=on} gives them, the same
 * on QEMU 7.2 and 10.0: {@code CPU 0/KVM} under KVM, {@code CPU 0/TCG} under multi-threaded TCG (one thread per
 * vCPU, x86's default), and one {@code ALL CPUs/TCG} for single-threaded TCG ({@code -accel tcg,thread=single}). A
 * QEMU started without debug-threads names no thread, and has no vCPU threads to show. Pure.
 */
final class VcpuThreads {
    private static final Pattern ONE_VCPU = Pattern.compile("CPU (\\d+)/[A-Za-z]+");
    static final String ALL_VCPUS = "ALL CPUs/TCG";

    private VcpuThreads() {}

    /**
     * The vCPU threads of {@code now}, in vCPU order, with their CPU time and their load since {@code before}
     * ({@code seconds} earlier; a thread born in between counts from zero).
     */
    static List<VmStats.Vcpu> of(TaskSample before, TaskSample now, double seconds) {
        List<VmStats.Vcpu> out = new ArrayList<>();
        for (TaskSample.Task t : now.tasks().values()) {
            if (order(t.name()) < 0) {
                continue;
            }
            TaskSample.Task earlier = before.tasks().get(t.tid());
            long ticksBefore = earlier == null ? 0 : earlier.ticks();
            out.add(new VmStats.Vcpu(
                    t.name(),
                    t.tid(),
                    t.ticks() / (double) ProcFiles.TICKS_PER_SECOND,
                    seconds > 0 ? (t.ticks() - ticksBefore) / (double) ProcFiles.TICKS_PER_SECOND / seconds * 100 : 0));
        }
        out.sort(Comparator.comparingInt((VmStats.Vcpu v) -> order(v.thread()))
                .thenComparingLong(VmStats.Vcpu::threadId));
        return out;
    }

    /** The vCPU index a thread name stands for ({@code ALL CPUs/TCG}: 0), or -1 for a thread that runs no vCPU. */
    static int order(String threadName) {
        if (threadName.equals(ALL_VCPUS)) {
            return 0;
        }
        Matcher m = ONE_VCPU.matcher(threadName);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
