package io.kvmctl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.testing.TestQemu;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code agent: true} on a guest that runs no agent (the counter boot sector): the channel is there and its socket
 * private, and every command that would use the agent goes on without it in about a second, except
 * {@code snapshot save --quiesce}, which refuses rather than take an unquiesced snapshot. The answering side is
 * {@code io.kvmctl.realguest.GuestAgentIT}, with Debian's qemu-guest-agent.
 */
class SilentGuestAgentIT {
    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @BeforeEach
    void setUp() {
        TestQemu.require();
        TestGuests.requireImages();
    }

    @Test
    void aGuestWithoutAnAgentCostsAboutASecondAndQuiesceIsRefused() throws Exception {
        RuntimeRoot root = vms.root();
        Path profile = counterProfile("silent", "agent: true");
        ok(root, "up", profile.toString());
        try (Vm vm = Vm.attach(root, "silent")) {
            Path socket = vm.directory().agentSocket();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            long start = System.nanoTime();
            VmStatus status = vm.status();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("SilentGuestAgentIT: status with a silent agent took %.2f s%n", seconds);
            assertEquals("silent", status.agent());
            assertEquals(List.of(), status.guestAddresses());
            assertTrue(seconds < 5, "status waited " + seconds + " s for a silent agent");
            var e = assertThrows(GuestAgentException.class, vm::agent);
            assertTrue(e.getMessage().contains("no answer to guest-sync-delimited"), e.getMessage());
        }

        KvmctlProcess quiesce = KvmctlProcess.run(root, "snapshot", "save", "silent", "s1", "--quiesce");
        assertEquals(2, quiesce.exitCode(), quiesce.toString());
        assertEquals(1, quiesce.output().strip().lines().count(), "one line: " + quiesce);
        assertTrue(quiesce.output().contains("--quiesce needs the guest agent"), quiesce.toString());
        assertTrue(quiesce.output().contains("no snapshot was taken"), quiesce.toString());
        String snapshots = ok(root, "snapshot", "list", "silent", "--json");
        assertTrue(snapshots.contains("\"snapshots\" : [ ]"), "no snapshot was taken: " + snapshots);

        String text = ok(root, "status", "silent");
        assertTrue(text.contains("guest agent: no answer"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("addresses: +-")), text);

        // The counter ignores the power button; the agent is tried (one second) before quit.
        String down = ok(root, "down", "silent", "--timeout", "2", "--json");
        assertTrue(down.contains("\"step\" : \"quit\""), down);
        assertTrue(down.contains("the guest agent could not be asked to shut down"), down);
    }

    @Test
    void aVmStartedWithoutTheAgentSaysHowToGetOne() throws Exception {
        RuntimeRoot root = vms.root();
        ok(root, "up", counterProfile("plain", "").toString());
        try (Vm vm = Vm.attach(root, "plain")) {
            var e = assertThrows(GuestAgentException.class, vm::agent);
            assertTrue(e.getMessage().contains("'agent: true'"), e.getMessage());
            assertEquals(null, vm.status().agent());
            assertTrue(Files.notExists(vm.directory().agentSocket()));
        }
        KvmctlProcess quiesce = KvmctlProcess.run(root, "snapshot", "save", "plain", "s1", "--quiesce");
        assertEquals(2, quiesce.exitCode(), quiesce.toString());
        assertTrue(quiesce.output().contains("'agent: true'"), quiesce.toString());
        ok(root, "down", "plain", "--force");
    }

    /** The counter boot sector on a qcow2 copy, since snapshots need qcow2. */
    private Path counterProfile(String name, String extra) throws Exception {
        Path disk = vms.dir().resolve(name + ".qcow2");
        Process p = new ProcessBuilder(
                        "qemu-img", "convert", "-O", "qcow2", TestGuests.COUNTER.toString(), disk.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "qemu-img convert: " + out);
        return Files.writeString(vms.dir().resolve(name + ".yaml"), """
                name: %s
                accel: tcg
                memory: 16M
                disks:
                  - file: %s
                    format: qcow2
                %s
                """.formatted(name, disk, extra));
    }

    private static String ok(RuntimeRoot root, String... args) throws Exception {
        KvmctlProcess p = KvmctlProcess.run(root, args);
        assertEquals(0, p.exitCode(), "kvmctl " + String.join(" ", args) + ": " + p);
        return p.output();
    }
}
