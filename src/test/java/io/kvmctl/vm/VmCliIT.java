package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.sys.Processes;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lifecycle commands as separate kvmctl processes, the way users and systemd run them. */
class VmCliIT {
    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();

    @Test
    void foregroundTurnsSigtermIntoAGracefulShutdownAndExitsZero() throws Exception {
        Path profile = TestGuests.linuxProfile(tmp, "fg", "");
        Process kvmctl = KvmctlProcess.start(root, "up", profile.toString(), "--foreground");
        try (Vm vm = awaitVm("fg");
                SerialConsole console = vm.console()) {
            console.awaitLine(Pattern.compile(TestGuests.READY), Duration.ofSeconds(90));
        }
        Processes.kill((int) kvmctl.pid(), Processes.SIGTERM); // as systemd sends it (destroy() would close our pipes)
        assertTrue(kvmctl.waitFor(90, TimeUnit.SECONDS), "kvmctl did not exit after SIGTERM");
        String output = new String(kvmctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, kvmctl.exitValue(), output);
        assertTrue(output.contains("the guest powered off after an ACPI power-button press"), output);
        assertEquals(java.util.List.of(), root.names(), "runtime directory left behind");
    }

    @Test
    void foregroundExitsWithQemusStatusWhenTheGuestEndsByItself() throws Exception {
        Path profile = TestGuests.linuxProfile(tmp, "self", "");
        Process kvmctl = KvmctlProcess.start(root, "up", profile.toString(), "--foreground");
        try (Vm vm = awaitVm("self");
                SerialConsole console = vm.console()) {
            console.awaitLine(Pattern.compile(TestGuests.READY), Duration.ofSeconds(90));
            int from = console.lineCount();
            console.send("poweroff -f\n");
            // Stay attached until the guest echoed it: QEMU drops console input the guest has not read yet.
            console.awaitLineAfter(from, Pattern.compile("poweroff -f"), Duration.ofSeconds(30));
        }
        assertTrue(kvmctl.waitFor(60, TimeUnit.SECONDS), "kvmctl did not exit when the guest powered off");
        String output = new String(kvmctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, kvmctl.exitValue(), output);
        assertTrue(output.contains("ended: QEMU exited with status 0"), output);
        assertEquals(java.util.List.of(), root.names());
    }

    @Test
    void consoleSendsPipedInputAndPrintsTheGuestsAnswer() throws Exception {
        Path profile = TestGuests.linuxProfile(tmp, "con", "");
        try (Vm vm = Vm.start(profile, StartOptions.defaults().withRoot(root))) {
            try (SerialConsole console = vm.console()) {
                console.awaitLine(Pattern.compile(TestGuests.READY), Duration.ofSeconds(90));
            } // QEMU serves one console client at a time
            Process kvmctl = KvmctlProcess.start(root, "console", "con");
            kvmctl.getOutputStream().write("uname -sr\n".getBytes(StandardCharsets.UTF_8));
            kvmctl.getOutputStream().close();
            assertTrue(kvmctl.waitFor(60, TimeUnit.SECONDS), "console did not end after its input did");
            String output = new String(kvmctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, kvmctl.exitValue(), output);
            assertTrue(output.contains("Linux 6."), output);
            assertTrue(output.contains("detached from con (the VM keeps running)"), output);
            assertTrue(vm.isRunning());
            vm.stop(Duration.ZERO, true);
        }
    }

    @Test
    void badInputGetsOneLineAndExitCodeTwo() throws Exception {
        Files.writeString(tmp.resolve("bad.yaml"), "name: bad\nmemory: 12 parsecs\n");
        KvmctlProcess up = KvmctlProcess.run(root, "up", tmp.resolve("bad.yaml").toString());
        assertEquals(2, up.exitCode(), up.output());
        assertTrue(up.output().contains("memory") && !up.output().contains("Exception"), up.output());
        KvmctlProcess missing =
                KvmctlProcess.run(root, "up", tmp.resolve("nope.yaml").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.output().contains("no profile at"), missing.output());
        KvmctlProcess down = KvmctlProcess.run(root, "down", "ghost");
        assertEquals(2, down.exitCode());
        assertTrue(down.output().contains("no VM named 'ghost'"), down.output());
        KvmctlProcess status = KvmctlProcess.run(root, "status", "../etc");
        assertEquals(2, status.exitCode());
        assertTrue(status.output().contains("invalid VM name"), status.output());
        assertFalse(status.output().contains("at io.kvmctl"), "no stack trace: " + status.output());
    }

    /** Waits until a VM started by another process is recorded, then attaches to it. */
    private Vm awaitVm(String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(root.vm(name).state())) {
                return Vm.attach(root, name);
            }
            Thread.sleep(50); // the other process's start is not observable from here any other way
        }
        throw new AssertionError("VM " + name + " did not come up within 60 s");
    }
}
