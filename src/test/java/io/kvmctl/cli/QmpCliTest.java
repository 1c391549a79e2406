package io.kvmctl.cli;

import static io.kvmctl.testing.FakeQmpServer.errorLine;
import static io.kvmctl.testing.FakeQmpServer.eventLine;
import static io.kvmctl.testing.FakeQmpServer.replyLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.FakeQmpServer;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

class QmpCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A QEMU stand-in that knows query-status, device_del (always DeviceNotFound) and echoes HMP. */
    private static final Function<JsonNode, List<String>> QEMU = cmd -> switch (cmd.get("execute")
            .asString()) {
        case "query-qmp-schema" -> List.of(errorLine("CommandNotFound", "no schema here"));
        case "query-commands" ->
            List.of(replyLine("[{\"name\": \"query-status\"}, {\"name\": \"device_del\"}, "
                    + "{\"name\": \"human-monitor-command\"}, {\"name\": \"netdev_add\"}, {\"name\": \"stop\"}]"));
        case "query-status" -> List.of(replyLine("{\"status\": \"prelaunch\", \"running\": false}"));
        case "stop" -> List.of(eventLine("STOP", "{}"), replyLine("{}"));
        case "device_del" -> List.of(errorLine("DeviceNotFound", "Device 'nic9' not found"));
        case "human-monitor-command" ->
            List.of(replyLine(
                    "\"hmp: " + cmd.path("arguments").path("command-line").asString() + "\\r\\n\""));
        case "netdev_add" -> List.of(replyLine(cmd.path("arguments").toString()));
        default ->
            List.of(errorLine(
                    "CommandNotFound", "The command " + cmd.get("execute").asString() + " has not been found"));
    };

    private FakeQmpServer server;

    private FakeQmpServer serve(List<String> afterCapabilities) throws java.io.IOException {
        server = FakeQmpServer.listening(socket(), afterCapabilities, QEMU);
        return server;
    }

    @org.junit.jupiter.api.AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private int run(String... args) {
        CommandLine cmd = KvmctlCommand.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private Path socket() {
        return dir.resolve("qmp.sock");
    }

    @Test
    void qmpPrintsTheReplyForPeople() throws Exception {
        {
            serve(List.of());
            assertEquals(0, run("qmp", "--socket", socket().toString(), "query-status"));
            assertTrue(out.toString().contains("\"status\" : \"prelaunch\""), out.toString());
        }
    }

    @Test
    void qmpBuildsNestedArgumentsAndPrintsRawJson() throws Exception {
        {
            serve(List.of());
            assertEquals(
                    0,
                    run(
                            "qmp",
                            "--socket",
                            socket().toString(),
                            "netdev_add",
                            "type=user",
                            "id=n1",
                            "hostfwd.port=2222",
                            "--json"));
            assertEquals(
                    "{\"return\":{\"type\":\"user\",\"id\":\"n1\",\"hostfwd\":{\"port\":2222}}}",
                    out.toString().strip());
        }
    }

    @Test
    void qmpErrorExitsOneWithTheQmpErrorClass() throws Exception {
        {
            serve(List.of());
            assertEquals(1, run("qmp", "--socket", socket().toString(), "device_del", "id=nic9"));
            assertEquals(
                    "kvmctl: device_del failed: DeviceNotFound: Device 'nic9' not found",
                    err.toString().strip());
        }
    }

    @Test
    void qmpTypoFailsBeforeSendingWithSuggestion() throws Exception {
        {
            serve(List.of());
            assertEquals(2, run("qmp", "--socket", socket().toString(), "query-staus"));
            assertEquals(
                    "kvmctl: unknown QMP command 'query-staus'; did you mean 'query-status'?",
                    err.toString().strip());
        }
    }

    @Test
    void unknownVmNameSaysWhereItLookedAndHowToList() {
        assertEquals(2, run("qmp", "no-such-vm-kvmctl-test", "query-status"));
        assertTrue(
                err.toString().contains("no VM named 'no-such-vm-kvmctl-test'")
                        && err.toString().contains("'kvmctl list' shows the VMs there"),
                err.toString());
    }

    @Test
    void missingTargetIsAUsageError() {
        assertEquals(2, run("events"));
        assertTrue(err.toString().contains("give the QMP socket with --socket PATH or a VM name"), err.toString());
    }

    @Test
    void missingSocketSaysSoInOneLine() {
        assertEquals(2, run("qmp", "--socket", dir.resolve("none.sock").toString(), "query-status"));
        assertTrue(
                err.toString().startsWith("kvmctl: connect(" + dir.resolve("none.sock") + ") failed: ENOENT"),
                err.toString());
        assertEquals(1, err.toString().strip().lines().count());
    }

    @Test
    void eventsPrintsTheFirstMatchingEventAsAJsonLine() throws Exception {
        {
            serve(List.of(
                    eventLine("RESUME", "{}"),
                    eventLine("SHUTDOWN", "{\"guest\": true, \"reason\": \"guest-shutdown\"}")));
            assertEquals(0, run("events", "--socket", socket().toString(), "--filter", "SHUTDOWN"));
            assertEquals(
                    "{\"event\":\"SHUTDOWN\",\"data\":{\"guest\":true,\"reason\":\"guest-shutdown\"},"
                            + "\"timestamp\":{\"seconds\":1700000000,\"microseconds\":0}}",
                    out.toString().strip());
        }
    }

    @Test
    void eventsFollowStreamsUntilQemuCloses() throws Exception {
        FakeQmpServer qemu = serve(List.of(eventLine("STOP", "{}"), eventLine("RESUME", "{}")));
        {
            Thread closer = Thread.ofPlatform().start(() -> {
                try {
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (out.toString().lines().count() < 2 && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    qemu.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(0, run("events", "--socket", socket().toString(), "--follow"));
            closer.join();
            assertEquals(2, out.toString().lines().count());
        }
    }

    @Test
    void shellReadsLinesFromAPipe() throws Exception {
        {
            serve(List.of());
            CommandLine cmd = KvmctlCommand.newCommandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            QmpShellCommand shell = cmd.getSubcommands().get("qmp-shell").getCommand();
            shell.input = new ByteArrayInputStream(("query-status\nquery-staus\n{\"execute\": \"device_del\"}\n"
                            + "human-monitor-command command-line='info status'\nexit\n")
                    .getBytes(StandardCharsets.UTF_8));
            // line 2 was not understood (nothing sent): exit 2, though line 3 failed in QEMU and lines went on
            assertEquals(2, cmd.execute("qmp-shell", "--socket", socket().toString()));
            String text = out.toString();
            assertTrue(text.contains("\"status\" : \"prelaunch\""), text);
            assertTrue(text.contains("hmp: info status"), text);
            String errors = err.toString();
            assertTrue(
                    errors.contains("kvmctl qmp-shell: line 2: error: unknown QMP command 'query-staus'; did you mean"
                            + " 'query-status'?"),
                    errors);
            assertTrue(errors.contains("kvmctl qmp-shell: line 3: error: device_del failed: DeviceNotFound"), errors);
        }
    }

    @Test
    void pipedShellExitsOneWhenACommandFailedInQemu() throws Exception {
        {
            serve(List.of());
            CommandLine cmd = KvmctlCommand.newCommandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            QmpShellCommand shell = cmd.getSubcommands().get("qmp-shell").getCommand();
            shell.input =
                    new ByteArrayInputStream("query-status\ndevice_del id=nic9\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, cmd.execute("qmp-shell", "--socket", socket().toString()));
            assertTrue(err.toString().contains("line 2: error: device_del failed"), err.toString());
        }
    }

    @Test
    void pipedHelpWithoutQueryQmpSchemaSaysTheArgumentsAreUnknownNotNone() throws Exception {
        {
            serve(List.of());
            CommandLine cmd = KvmctlCommand.newCommandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            QmpShellCommand shell = cmd.getSubcommands().get("qmp-shell").getCommand();
            shell.input =
                    new ByteArrayInputStream("help query-status\nhelp query-staus\n".getBytes(StandardCharsets.UTF_8));
            // 2: the misspelt help line was not understood (a piped session reports that in its exit code)
            assertEquals(2, cmd.execute("qmp-shell", "--socket", socket().toString()));
            String text = out.toString();
            assertTrue(
                    text.contains("query-status\n  arguments and reply unknown: this QEMU does not answer"
                            + " query-qmp-schema"),
                    text);
            assertTrue(
                    err.toString()
                            .contains("line 2: error: unknown QMP command 'query-staus'; did you mean 'query-status'?"),
                    err.toString());
        }
    }

    @Test
    void shellInHmpModeSendsLinesAsHumanMonitorCommands() throws Exception {
        {
            serve(List.of());
            CommandLine cmd = KvmctlCommand.newCommandLine();
            cmd.setOut(new PrintWriter(out, true));
            QmpShellCommand shell = cmd.getSubcommands().get("qmp-shell").getCommand();
            shell.input = new ByteArrayInputStream("info registers\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(0, cmd.execute("qmp-shell", "-H", "--socket", socket().toString()));
            assertEquals("hmp: info registers", out.toString().strip());
        }
    }

    @Test
    void scriptWhoseStepsAllHoldExitsZero() throws Exception {
        Path script = Files.writeString(dir.resolve("ok.yaml"), """
                steps:
                  - execute: query-status
                    expect: {status: prelaunch, running: false}
                  - execute: stop
                  - wait-event: STOP
                    timeout: 5s
                  - execute: device_del
                    arguments: {id: nic9}
                    expect-error: DeviceNotFound
                  - hmp: info status
                    expect: "info status"
                  - sleep: 10ms
                """);
        {
            serve(List.of());
            assertEquals(0, run("script", "--socket", socket().toString(), script.toString()), err.toString());
            assertTrue(out.toString().contains("all 6 steps held"), out.toString());
        }
    }

    @Test
    void scriptStopsAtTheFirstFailedStepAndReportsIt() throws Exception {
        Path script = Files.writeString(dir.resolve("bad.yaml"), """
                - execute: query-status
                  expect: {status: running}
                - execute: stop
                """);
        {
            serve(List.of());
            assertEquals(1, run("script", "--socket", socket().toString(), script.toString()));
            assertEquals("""
                    step 1 of 2 failed: execute query-status
                      expected: a reply containing {"status":"running"}
                      got:      {"status":"prelaunch","running":false} ($.status is "prelaunch", expected "running")""", err.toString().strip());
            assertTrue(!out.toString().contains("step 2"), out.toString());
        }
    }

    @Test
    void scriptWithAMistakeIsABadInput() throws Exception {
        Path script = Files.writeString(dir.resolve("typo.yaml"), "- exec: stop\n");
        assertEquals(2, run("script", "--socket", socket().toString(), script.toString()));
        assertTrue(err.toString().contains("step 1: a step needs exactly one of"), err.toString());
    }
}
