package io.kvmctl.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Resident memory, threads and open descriptors of a process, from {@code /proc}, plus (for this JVM) the heap in
 * use after a full collection: what a benchmark compares before and after starting many VMs.
 *
 * @param rssKib VmRSS in KiB
 * @param threads kernel threads of the process (JVM service threads included)
 * @param fds open file descriptors
 * @param heapBytes heap in use after {@code System.gc()}, or -1 for another process
 */
record ProcessFigures(long rssKib, int threads, int fds, long heapBytes) {

    /** This JVM, after two full collections (so garbage from earlier phases does not count). */
    static ProcessFigures self() throws IOException {
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long pid = ProcessHandle.current().pid();
        return new ProcessFigures(statusField(pid, "VmRSS"), (int) statusField(pid, "Threads"), fdCount(pid), heap);
    }

    /** VmRSS of {@code pid} in KiB, 0 when it has gone. */
    static long rssKib(long pid) {
        try {
            return statusField(pid, "VmRSS");
        } catch (IOException gone) {
            return 0;
        }
    }

    /** A numeric field of /proc/PID/status ("VmRSS:   1234 kB" gives 1234). */
    static long statusField(long pid, String field) throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith(field + ":"))
                    .map(l -> l.substring(field.length() + 1).trim().split("\\s+")[0])
                    .mapToLong(Long::parseLong)
                    .findFirst()
                    .orElseThrow(() -> new IOException("no " + field + " in /proc/" + pid + "/status"));
        } catch (NoSuchFileException e) {
            throw new IOException("process " + pid + " has gone", e);
        }
    }

    static int fdCount(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        }
    }

    /** "RSS 123.4 MiB, heap 12.3 MiB, 45 threads, 67 fds". */
    String describe() {
        return String.format(
                "RSS %.1f MiB, heap %.1f MiB, %d threads, %d fds",
                rssKib / 1024.0, heapBytes / 1048576.0, threads, fds);
    }
}
