package io.kvmctl.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * QEMU's threads at one moment, from {@code /proc/PID/task/TID/stat}: each thread's name and CPU ticks. Two samples
 * an interval apart give the load of the whole process and of each vCPU thread.
 *
 * @param tasks by thread id
 */
record TaskSample(Map<Long, Task> tasks) {
    /** One thread: its id, its name (QEMU names them with {@code debug-threads=on}) and utime + stime in ticks. */
    record Task(long tid, String name, long ticks) {}

    TaskSample {
        tasks = Map.copyOf(tasks);
    }

    /** Reads every thread of {@code pid}; a thread that ends between the listing and its read is left out. */
    static TaskSample read(int pid) throws IOException {
        Map<Long, String> stats = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            for (Path t : dirs.toList()) {
                try {
                    stats.put(Long.parseLong(t.getFileName().toString()), Files.readString(t.resolve("stat")));
                } catch (IOException gone) {
                    // the thread exited between the listing and the read (its time went with it)
                }
            }
        }
        return parse(stats);
    }

    /** From stat lines by thread id, as {@link #read} finds them. */
    static TaskSample parse(Map<Long, String> statLines) {
        Map<Long, Task> tasks = new LinkedHashMap<>();
        statLines.forEach(
                (tid, stat) -> tasks.put(tid, new Task(tid, ProcFiles.taskName(stat), ProcFiles.cpuTicks(stat))));
        return new TaskSample(tasks);
    }

    /** CPU ticks of all threads (threads that ended took theirs with them). */
    long totalTicks() {
        return tasks.values().stream().mapToLong(Task::ticks).sum();
    }
}
