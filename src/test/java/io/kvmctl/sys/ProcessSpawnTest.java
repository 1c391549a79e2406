package io.kvmctl.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.unix.UnixSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSpawnTest {
    @TempDir
    Path dir;

    @Test
    void childGetsStdioAndTheMappedDescriptorsOnly() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        Path out = dir.resolve("out");
        try {
            int pid = ProcessSpawn.spawn(List.of("/bin/sh", "-c", "ls /proc/self/fd; exit 3"),
                    Map.of(3, pair[1].fd(), 5, pair[0].fd()), out.toString(), out.toString());
            ProcessHandle.of(pid).orElseThrow().onExit().get(30, TimeUnit.SECONDS);
            assertEquals(3, ProcessSpawn.reap(pid));
            // ls opens one more descriptor to read the directory: the lowest free one, 4.
            assertEquals(List.of("0", "1", "2", "3", "4", "5"),
                    Files.readAllLines(out).stream().sorted().toList());
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void missingProgramIsReportedWithErrno() {
        SysCallException e = org.junit.jupiter.api.Assertions.assertThrows(SysCallException.class,
                () -> ProcessSpawn.spawn(List.of("/nonexistent/qemu"), Map.of(), null, null));
        assertEquals("ENOENT", e.errnoName());
    }
}
