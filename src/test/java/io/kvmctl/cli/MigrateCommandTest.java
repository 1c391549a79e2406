package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad input to 'kvmctl migrate' gives one line and exit code 2, before any VM is looked up. */
class MigrateCommandTest {
    record Run(int code, String err) {}

    static Run run(String... args) {
        CommandLine cmd = KvmctlCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        return new Run(cmd.execute(args), err.toString());
    }

    @Test
    void needsExactlyOneDestination() {
        Run r = run("migrate", "vm", "--local", "--to", "tcp:10.0.0.2:4444");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
        assertEquals(2, run("migrate", "vm").code());
    }

    @Test
    void postcopyAfterWithoutPostcopyIsRefused() {
        Run r = run("migrate", "vm", "--local", "--postcopy-after", "3");
        assertEquals(2, r.code());
        assertEquals(
                "kvmctl migrate: --postcopy-after needs --postcopy", r.err().strip());
    }

    @Test
    void bandwidthNeedsAUnit() {
        Run r = run("migrate", "vm", "--local", "--max-bandwidth", "100");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a size"), r.err());
    }

    @Test
    void newNameIsOnlyForLocalMigrations() {
        Run r = run("migrate", "vm", "--to", "tcp:10.0.0.2:4444", "--name", "other");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--name is for --local migrations"), r.err());
    }

    @Test
    void destinationQemuIsOnlyForLocalMigrations() {
        Run r = run("migrate", "vm", "--to", "tcp:10.0.0.2:4444", "--qemu", "/usr/bin/true");
        assertEquals(2, r.code());
        assertEquals(
                "kvmctl migrate: --qemu is for --local migrations (a remote destination runs the QEMU its "
                        + "'kvmctl up' chose)",
                r.err().strip());
    }

    @Test
    void destinationQemuMustBeAnExecutable() {
        Run r = run("migrate", "vm", "--local", "--qemu", "/no/such/qemu-system-x86_64");
        assertEquals(2, r.code());
        assertEquals(
                "kvmctl: Invalid value for option '--qemu': /no/such/qemu-system-x86_64 does not exist; give the path"
                        + " of a QEMU binary, e.g. /usr/bin/qemu-system-x86_64",
                r.err().lines().findFirst().orElse(""));
    }

    @Test
    void multifdChannelCountIsChecked() {
        Run r = run("migrate", "vm", "--local", "--multifd", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--multifd takes 1 to 255 channels"), r.err());
    }
}
