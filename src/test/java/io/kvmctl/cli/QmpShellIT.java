package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpOptions;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestQemu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * qmp-shell's {@code help CMD} and completion against a real QEMU: a {@code -machine none} QEMU (no guest, so it
 * starts in a fraction of a second under TCG) whose own {@code query-qmp-schema} and HMP {@code help} are the
 * vocabulary.
 */
class QmpShellIT {
    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    private Process qemu;

    @AfterEach
    void stopQemu() throws InterruptedException {
        if (qemu != null) {
            qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path startQemu() throws IOException {
        Path socket = vms.dir().resolve("qmp.sock");
        qemu = new ProcessBuilder(
                        TestQemu.require().toString(),
                        "-machine",
                        "none",
                        "-accel",
                        "tcg",
                        "-display",
                        "none",
                        "-nodefaults",
                        "-S",
                        "-qmp",
                        "unix:" + socket + ",server=on,wait=off")
                .redirectErrorStream(true)
                .redirectOutput(vms.dir().resolve("qemu.log").toFile())
                .start();
        return socket;
    }

    @Test
    void pipedHelpPrintsTheCommandsArgumentsAndReplyFromTheRunningQemu() throws Exception {
        Path socket = startQemu();
        // Connect once, so QEMU is known to listen; the shell below is the next client on the same socket.
        TestQemu.connectQmp(socket, qemu, QmpOptions.defaults(), Duration.ofSeconds(30))
                .close();
        Process shell = KvmctlProcess.start(vms.root(), "qmp-shell", "--socket", socket.toString());
        shell.getOutputStream()
                .write("help query-status\nhelp screendump\nhelp query-staus\nexit\n".getBytes(StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(shell.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(2, shell.exitValue(), out); // line 3 misspells its command: a piped session says so in its code
        assertTrue(out.contains("query-status\n  arguments: none\n  returns: object\n"), out);
        assertTrue(out.matches("(?s).*\n    running +bool\n.*"), out);
        assertTrue(out.matches("(?s).*\n    status +enum: debug\\|inmigrate\\|.*running.*"), out);
        assertTrue(out.contains("screendump\n  arguments:\n    filename  str\n    device    str, optional\n"), out);
        assertTrue(out.contains("format    enum: ppm|png"), out); // png since QEMU 7.1
        assertTrue(out.contains("  returns: nothing ({})"), out);
        assertTrue(out.contains("line 3: error: unknown QMP command 'query-staus'; did you mean 'query-status'?"), out);
    }

    @Test
    void completionOffersTheRunningQemusCommandsArgumentsValuesAndHmpCommands() throws Exception {
        Path socket = startQemu();
        try (QmpClient client = TestQemu.connectQmp(socket, qemu, QmpOptions.defaults(), Duration.ofSeconds(30))) {
            ShellSession qmp = new ShellSession(client, false, Duration.ofSeconds(30));
            List<String> all = values(qmp.complete("", 0));
            // Every command the validator knows (query-qmp-schema's names) is offered, and nothing else but the
            // shell's own words.
            assertEquals(
                    client.schema().commandNames().size() + ShellCompletion.QMP_SHELL_WORDS.size(),
                    all.size(),
                    all.toString());
            assertTrue(values(qmp.complete("query-statu", 11)).contains("query-status"));
            assertEquals(List.of("filename=", "device=", "head=", "format="), values(qmp.complete("screendump ", 11)));
            assertEquals(List.of("format=png"), values(qmp.complete("screendump format=pn", 20)));
            assertEquals(List.of("detach=false", "detach=true"), values(qmp.complete("migrate uri=x detach=", 21)));

            ShellSession hmp = new ShellSession(client, true, Duration.ofSeconds(30));
            assertEquals(List.of("status"), values(hmp.complete("info statu", 10)));
            List<String> commands = values(hmp.complete("", 0));
            assertTrue(
                    commands.containsAll(List.of("info", "stop", "s", "cont", "c", "system_reset")),
                    commands.toString());
            assertEquals("VM status: paused (prelaunch)", hmp.run("info status"));
        }
    }

    private static List<String> values(List<ShellCompletion.Candidate> candidates) {
        return candidates.stream().map(ShellCompletion.Candidate::value).toList();
    }
}
