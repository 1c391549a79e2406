package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.sys.Processes;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A VM's logs outlive {@code down}: the Linux test guest is started and stopped with the CLI, then its serial log
 * (the READY line) and QEMU's log are read through {@code kvmctl logs} from the log folder; a second run, whose
 * QEMU is killed, is appended behind its own line. And {@code kvmctl cmdline} prints the very argv {@code up} ran.
 */
class KeptLogsIT {
    private static final Duration BOOT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void serialAndQemuLogsAreReadAfterDownAndEachRunIsKeptInOrder() throws Exception {
        RuntimeRoot root = vms.root();
        Path profile = TestGuests.linuxProfile(tmp, "keep", "");

        ok(root, "up", profile.toString());
        awaitReady(root);
        String down = ok(root, "down", "keep");
        Path folder = IsolatedVms.logRootBeside(root).vm("keep");
        assertTrue(down.contains("logs kept in " + folder), down);
        assertEquals(List.of(), root.names(), "the runtime directory is gone");

        String serial = ok(root, "logs", "keep", "-n", "0");
        assertTrue(serial.contains("VM keep is not running; its logs are kept in " + folder), serial);
        assertTrue(serial.contains(TestGuests.READY), serial);
        assertTrue(serial.contains("-- kvmctl: VM keep (QEMU pid "), serial);
        String qemu = ok(root, "logs", "keep", "--qemu", "-n", "0");
        assertTrue(qemu.contains("; QEMU exited with status 0"), qemu);
        assertTrue(qemu.contains("-- argv: " + io.kvmctl.testing.TestQemu.binary()), qemu);

        // A second run whose QEMU dies: its logs go behind the first run's when it is cleaned up.
        ok(root, "up", profile.toString());
        awaitReady(root);
        int pid = VmRecordStore.read(root.vm("keep")).orElseThrow().qemuPid();
        Processes.kill(pid, Processes.SIGKILL);
        ok(root, "down", "keep");
        String both = ok(root, "logs", "keep", "-n", "0");
        assertEquals(2, both.split(Pattern.quote(TestGuests.READY), -1).length - 1, both);
        assertTrue(both.indexOf("QEMU exited with status 0") < both.indexOf("QEMU was killed by SIGKILL"), both);
        assertTrue(ok(root, "logs", "keep", "-n", "3").contains(TestGuests.READY), "the last lines are the 2nd run's");

        assertEquals("rwx------", mode(folder));
        assertEquals("rwx------", mode(folder.getParent()));
        assertEquals("rw-------", mode(folder.resolve("serial.log")));
        assertEquals("rw-------", mode(folder.resolve("qemu.log")));
    }

    @Test
    void cmdlinePrintsTheArgvUpRuns() throws Exception {
        RuntimeRoot root = vms.root();
        Path profile = TestGuests.linuxProfile(tmp, "same", "");
        String printed = ok(root, "cmdline", profile.toString(), "--json");
        String json = printed.lines().filter(l -> l.startsWith("[")).findFirst().orElseThrow();
        List<String> argv = List.of(JsonMapper.builder().build().readValue(json, String[].class));
        assertTrue(
                printed.contains("# fd 3: listening socket " + root.vm("same").qmpSocket()), printed);
        assertTrue(
                printed.contains("# fd 6: listening socket " + root.vm("same").serialSocket()), printed);

        ok(root, "up", profile.toString());
        // A user-network NIC only: no tap descriptors to differ, so the two must be equal to the letter.
        assertEquals(VmRecordStore.read(root.vm("same")).orElseThrow().argv(), argv);
        ok(root, "down", "same", "--force");
    }

    private static void awaitReady(RuntimeRoot root) throws Exception {
        try (Vm vm = Vm.attach(root, "keep");
                SerialConsole console = vm.console()) {
            console.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), BOOT);
        }
    }

    private static String ok(RuntimeRoot root, String... args) throws Exception {
        KvmctlProcess p = KvmctlProcess.run(root, args);
        assertEquals(0, p.exitCode(), "kvmctl " + String.join(" ", args) + ": " + p);
        return p.output();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
