package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kvmctl.testing.FakeQmpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad input of issue 17, each given to a real kvmctl process: exit code 2 and one line saying what is wrong,
 * with nothing left behind. No QEMU is started.
 */
class BadInputProcessTest {
    private static final Path TINY = Path.of("qemu-profiles/tiny.yaml").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void upRefusesAQemuThatDoesNotExistBeforeCreatingAnything() throws Exception {
        KvmctlChild run = KvmctlChild.run(dir, "up", "--qemu", "/nonexistent/qemu", TINY.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals(
                "kvmctl: Invalid value for option '--qemu': /nonexistent/qemu does not exist; give the path of a QEMU"
                        + " binary, e.g. /usr/bin/qemu-system-x86_64",
                run.firstErrorLine());
        assertFalse(Files.exists(dir.resolve("run")), "the runtime root was created");
    }

    @Test
    void upRefusesADirectoryAsQemu() throws Exception {
        KvmctlChild run = KvmctlChild.run(dir, "up", "--qemu", dir.toString(), TINY.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals(
                "kvmctl: Invalid value for option '--qemu': " + dir + " is a directory, not a program; give the path"
                        + " of a QEMU binary, e.g. /usr/bin/qemu-system-x86_64",
                run.firstErrorLine());
        assertFalse(Files.exists(dir.resolve("run")), "the runtime root was created");
    }

    @Test
    void migrateRefusesAQemuThatDoesNotExist() throws Exception {
        KvmctlChild run = KvmctlChild.run(dir, "migrate", "vm1", "--local", "--qemu", "/nonexistent/qemu");
        assertEquals(2, run.code(), run::toString);
        assertEquals(
                "kvmctl: Invalid value for option '--qemu': /nonexistent/qemu does not exist; give the path of a QEMU"
                        + " binary, e.g. /usr/bin/qemu-system-x86_64",
                run.firstErrorLine());
    }

    @Test
    void upRefusesAZeroTimeout() throws Exception {
        KvmctlChild run = KvmctlChild.run(dir, "up", "--timeout", "0", TINY.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals(
                "kvmctl: Invalid value for option '--timeout': '0' is no time at all; give a duration above zero,"
                        + " e.g. 500ms or 30s",
                run.firstErrorLine());
        assertFalse(Files.exists(dir.resolve("run")), "the runtime root was created");
    }

    @Test
    void downRefusesANegativeTimeout() throws Exception {
        KvmctlChild run = KvmctlChild.run(dir, "down", "--timeout", "-5", "vm1");
        assertEquals(2, run.code(), run::toString);
        assertEquals(
                "kvmctl: Invalid value for option '--timeout': '-5' is not a duration; write e.g. 500ms, 30s, 2m or 1h"
                        + " (a bare number is seconds)",
                run.firstErrorLine());
    }

    @Test
    void qmpRefusesAZeroDurationTimeout() throws Exception {
        KvmctlChild run = KvmctlChild.run(dir, "qmp", "vm1", "query-status", "--timeout", "0s");
        assertEquals(2, run.code(), run::toString);
        assertEquals(
                "kvmctl: Invalid value for option '--timeout': '0s' is no time at all; give a duration above zero,"
                        + " e.g. 500ms or 30s",
                run.firstErrorLine());
    }

    @Test
    void aMistypedCommandGetsTheNearestName() throws Exception {
        KvmctlChild run = KvmctlChild.run(dir, "lst");
        assertEquals(2, run.code(), run::toString);
        assertEquals("kvmctl: unknown command 'lst'. Did you mean 'list'?", run.firstErrorLine());
    }

    @Test
    void aMistypedOptionGetsTheNearestOptionOfItsCommand() throws Exception {
        KvmctlChild run = KvmctlChild.run(dir, "list", "--jsn");
        assertEquals(2, run.code(), run::toString);
        assertEquals("kvmctl: unknown option '--jsn' for 'kvmctl list'. Did you mean '--json'?", run.firstErrorLine());
    }

    @Test
    void aMistypedSubcommandOfACommandGetsTheNearestOne() throws Exception {
        KvmctlChild run = KvmctlChild.run(dir, "image", "inf");
        assertEquals(2, run.code(), run::toString);
        assertEquals("kvmctl: unknown command 'inf' for 'kvmctl image'. Did you mean 'info'?", run.firstErrorLine());
    }

    @Test
    void listRefusesARuntimeRootThatIsAFile() throws Exception {
        KvmctlChild run = KvmctlChild.run(dir, Map.of("KVMCTL_RUNTIME_DIR", "/etc/passwd"), "", "list");
        assertEquals(2, run.code(), run::toString);
        assertEquals(
                "kvmctl: KVMCTL_RUNTIME_DIR=/etc/passwd: not a directory; set KVMCTL_RUNTIME_DIR to a folder of yours,"
                        + " or unset it",
                run.firstErrorLine());
        assertEquals("", run.out());
    }

    @Test
    void listRefusesAStoreUnderAFile() throws Exception {
        KvmctlChild run = KvmctlChild.run(dir, Map.of("KVMCTL_STORE_DIR", "/etc/passwd/vms"), "", "list", "--all");
        assertEquals(2, run.code(), run::toString);
        assertEquals(
                "kvmctl: KVMCTL_STORE_DIR=/etc/passwd/vms: /etc/passwd is not a directory, so nothing can be made"
                        + " under it; set KVMCTL_STORE_DIR to a folder of yours, or unset it",
                run.firstErrorLine());
    }

    @Test
    void qmpSaysWhereMalformedArgsJsonBreaks() throws Exception {
        KvmctlChild run = KvmctlChild.run(
                dir, "qmp", "--socket", dir.resolve("none.sock").toString(), "query-status", "--args", "{\"id\": ");
        assertEquals(2, run.code(), run::toString);
        assertEquals(
                "kvmctl: --args is not valid JSON: unexpected end-of-input within/between Object entries, at"
                        + " column 8; give one JSON object, e.g. --args '{\"id\": \"nic1\"}'",
                run.firstErrorLine());
    }

    @Test
    @SuppressWarnings("try") // the server only has to listen while kvmctl talks to it
    void pipedQmpShellExitsTwoNamingTheLineOfBadJson() throws Exception {
        Path socket = dir.resolve("qmp.sock");
        try (FakeQmpServer qemu = FakeQmpServer.listening(
                socket, List.of(), cmd -> switch (cmd.get("execute").asString()) {
                    case "query-qmp-schema" -> List.of(FakeQmpServer.errorLine("CommandNotFound", "no schema here"));
                    case "query-commands" -> List.of(FakeQmpServer.replyLine("[{\"name\": \"query-status\"}]"));
                    default -> List.of(FakeQmpServer.replyLine("{\"status\": \"running\", \"running\": true}"));
                })) {
            KvmctlChild run = KvmctlChild.run(
                    dir,
                    Map.of(),
                    "query-status\n{\"execute\": \"query-status\"\nquery-status\n",
                    "qmp-shell",
                    "--socket",
                    socket.toString());
            assertEquals(2, run.code(), run::toString);
            assertEquals(
                    "kvmctl qmp-shell: line 2: error: not valid JSON: unexpected end-of-input: expected close marker"
                            + " for Object, at column 27",
                    run.firstErrorLine());
            assertEquals(2, run.out().split("\"status\"", -1).length - 1, "lines 1 and 3 ran: " + run);
        }
    }
}
