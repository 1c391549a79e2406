package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CmdlineCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cmd = KvmctlCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsJsonArgvWithTheOverriddenName() throws Exception {
        Path p = tmp.resolve("vm.yaml");
        Files.writeString(p, "accel: tcg\nmemory: 64M\n");
        Run r = run("cmdline", p.toString(), "--name", "other", "--json");
        assertEquals(0, r.code(), r.err());
        // The binary is whichever QEMU this run uses (KVMCTL_QEMU when set), so only its name is fixed; the pid file
        // is the one 'kvmctl up' would use, in the runtime directory of the overridden name.
        assertTrue(
                r.out()
                        .matches("(?s)\\[\"[^\"]*/qemu-system-x86_64\",\"-pidfile\",\"[^\"]*/other/qemu.pid\","
                                + "\"-name\",\"guest=other,process=kvmctl-other,debug-threads=on\".*"),
                r.out());
    }

    @Test
    void printsOneShellLine() throws Exception {
        Path p = tmp.resolve("vm.yaml");
        Files.writeString(p, "boot: {kernel: k, append: 'a b'}\n");
        Files.writeString(tmp.resolve("k"), "");
        Run r = run("cmdline", p.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().lines().count());
        assertTrue(r.out().contains(" -append 'a b'"), r.out());
    }

    /** A shell script that lists machine types like QEMU 8.0 would: no QEMU is needed. */
    private Path fakeQemu() throws Exception {
        Path q = tmp.resolve("qemu-system-x86_64");
        Files.writeString(q, """
                #!/bin/sh
                echo 'Supported machines are:'
                echo 'q35                  Standard PC (Q35 + ICH9, 2009) (alias of pc-q35-8.0)'
                echo 'pc-q35-8.0           Standard PC (Q35 + ICH9, 2009)'
                """);
        Files.setPosixFilePermissions(q, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return q;
    }

    @Test
    void printsTheVersionedMachineTypeThatUpWouldRun() throws Exception {
        Path p = tmp.resolve("vm.yaml");
        Files.writeString(p, "accel: tcg\nmachine: q35\nqemu: " + fakeQemu() + "\n");
        Run r = run("cmdline", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(" -machine type=pc-q35-8.0,dump-guest-core=off "), r.out());
    }

    @Test
    void aMachineTypeTheQemuDoesNotHaveIsOneLineAndExit2() throws Exception {
        Path p = tmp.resolve("vm.yaml");
        Path qemu = fakeQemu();
        Files.writeString(p, "accel: tcg\nmachine: pc-q35-10.0\nqemu: " + qemu + "\n");
        Run r = run("cmdline", p.toString());
        assertEquals(2, r.code(), r.out());
        assertEquals(
                "machine: QEMU " + qemu + " has no machine type 'pc-q35-10.0': its newest q35 type is pc-q35-8.0, "
                        + "and a versioned type needs a QEMU at least as new as its version; use a type it lists in "
                        + "'-machine help' (e.g. pc-q35-8.0) or a newer QEMU",
                r.err().strip());
    }

    @Test
    void socketsAndTapsAreTheInheritedDescriptorsUpPassesAndStderrSaysWhichIsWhich() throws Exception {
        Path p = tmp.resolve("vm.yaml");
        Files.writeString(
                p, "name: fds\naccel: tcg\nnics:\n  - {id: lan, tap: {ifname: tap7}}\n  - {id: web, user: {}}\n");
        Run r = run("cmdline", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("-chardev socket,id=kvmctl-qmp,fd=3,server=on,wait=off"), r.out());
        assertTrue(r.out().contains("id=kvmctl-serial0,fd=6,"), r.out());
        assertTrue(r.out().contains("\"type\":\"tap\",\"id\":\"lan\",\"fd\":\"7\""), r.out());
        assertTrue(!r.out().contains("path="), "no socket path for QEMU to bind: " + r.out());
        assertTrue(r.err().contains("# fd 3: listening socket "), r.err());
        assertTrue(r.err().contains("/fds/qmp.sock bound by kvmctl"), r.err());
        assertTrue(r.err().contains("# fd 7: tap device of NIC lan (tap7), opened by kvmctl"), r.err());
    }

    @Test
    void everyProblemIsPrintedAndExitIs2() throws Exception {
        Path p = tmp.resolve("bad.yaml");
        Files.writeString(p, "memroy: 1G\nsmp: 0\n");
        Run r = run("cmdline", p.toString());
        assertEquals(2, r.code());
        assertEquals(2, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("memroy: unknown key 'memroy'; did you mean 'memory'?"), r.err());
        assertTrue(r.err().contains("smp: expected a whole number from 1 to 255, found 0"), r.err());
    }
}
