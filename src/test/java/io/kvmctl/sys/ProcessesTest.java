package io.kvmctl.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.unix.UnixSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesTest {
    @TempDir
    Path dir;

    @Test
    void childGetsStdioAndTheMappedDescriptorsOnly() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        Path out = dir.resolve("out");
        try {
            int pid = Processes.spawn(new Processes.SpawnRequest(
                    List.of("/bin/sh", "-c", "ls /proc/self/fd; exit 3"),
                    System.getenv(),
                    Map.of(3, pair[1].fd(), 5, pair[0].fd()),
                    out.toString(),
                    true));
            assertEquals(3, Processes.shellStatus(Processes.waitFor(pid, false)));
            // ls opens one more descriptor to read the directory: the lowest free one, 4.
            assertEquals(
                    List.of("0", "1", "2", "3", "4", "5"),
                    Files.readAllLines(out).stream().sorted().toList());
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void childStartsInItsOwnSession() throws Exception {
        Path out = dir.resolve("sid");
        int pid = Processes.spawn(new Processes.SpawnRequest(
                List.of("/bin/sh", "-c", "cut -d' ' -f6 /proc/self/stat"),
                System.getenv(),
                Map.of(),
                out.toString(),
                true));
        Processes.waitFor(pid, false);
        // cut is a child of sh, which leads the new session: the session id is sh's pid
        assertEquals(String.valueOf(pid), Files.readString(out).strip());
    }

    @Test
    void awaitExitSeesAProcessThatIsNotOurChild() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "0.2").start();
        org.junit.jupiter.api.Assertions.assertTrue(Processes.awaitExit((int) sleeper.pid(), 10_000));
        org.junit.jupiter.api.Assertions.assertFalse(
                Processes.awaitExit((int) ProcessHandle.current().pid(), 50));
    }

    @Test
    void missingProgramIsReportedWithErrno() {
        SysCallException e = org.junit.jupiter.api.Assertions.assertThrows(
                SysCallException.class,
                () -> Processes.spawn(new Processes.SpawnRequest(
                        List.of("/nonexistent/qemu"), Map.of(), Map.of(), "/dev/null", false)));
        assertEquals("ENOENT", e.errnoName());
    }
}
