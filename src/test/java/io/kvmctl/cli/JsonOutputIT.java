package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.LogRoot;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.VmHomes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real commands with {@code --json}, each in its own kvmctl process against the busybox test guest: stdout is
 * exactly one document (JSON Lines for top) of the documented kind (docs/json.md), keys snake_case all the way
 * down, durations and sizes numbers.
 */
class JsonOutputIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final RuntimeRoot root = vms.root();

    /** stdout and stderr apart: stdout must parse as JSON on its own. */
    record Run(int code, String out, String err) {
        JsonNode json(String kind) {
            JsonNode n = JSON.readTree(out);
            assertEquals(kind, n.path("kind").asString(), out);
            assertSnakeCase(n, out);
            return n;
        }
    }

    private Run kvmctl(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(KvmctlProcess.command(args));
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        pb.environment().put(LogRoot.ENV, IsolatedVms.logRootBeside(root).path().toString());
        pb.environment().put(VmHomes.ENV, IsolatedVms.dataDirBeside(root).toString());
        pb.environment().put(VmHomes.STORE_ENV, IsolatedVms.storeBeside(root).toString());
        pb.environment()
                .put("KVMCTL_SYSTEMD_UNIT_DIR", IsolatedVms.unitDirBeside(root).toString());
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("kvmctl " + String.join(" ", args) + " did not finish: " + out);
        }
        return new Run(p.exitValue(), out, err.join());
    }

    private Run ok(String... args) throws IOException, InterruptedException {
        Run r = kvmctl(args);
        assertEquals(0, r.code(), "kvmctl " + String.join(" ", args) + ": " + r);
        return r;
    }

    @Test
    void everyReportingCommandPrintsItsDocumentedKind() throws Exception {
        Path profile = TestGuests.linuxProfile(vms.dir(), "js", """
                balloon: true
                nics:
                  - id: net0
                    user:
                      hostfwd:
                        - host_port: auto
                          guest_port: 22
                """);
        try {
            JsonNode up = ok("up", profile.toString(), "--json", "-q").json("kvmctl.up/1");
            assertEquals("js", up.path("name").asString());
            assertTrue(up.path("pid").isIntegralNumber(), up.toString());
            int port =
                    up.path("network").path("forwards").get(0).path("host_port").asInt();
            assertTrue(port > 0, up.toString());

            JsonNode list = ok("list", "--json").json("kvmctl.list/1");
            JsonNode row = list.path("vms").get(0);
            assertTrue(row.path("uptime_seconds").isNumber(), row.toString());
            assertEquals(port, row.path("forwards").get(0).path("host_port").asInt(), row.toString());
            assertEquals(22, row.path("forwards").get(0).path("guest_port").asInt(), row.toString());
            String table = ok("list").out();
            assertTrue(table.lines().anyMatch(l -> l.startsWith("js ") && l.contains(port + "->22")), table);
            ok("list", "--all", "--json").json("kvmctl.list/1");

            JsonNode status = ok("status", "js", "--json").json("kvmctl.status/1");
            assertTrue(
                    status.path("uptime_seconds").isNumber()
                            && status.path("started_at").isString(),
                    status.toString());

            JsonNode stats = ok("stats", "js", "--json", "--interval", "200ms").json("kvmctl.stats/1");
            assertTrue(
                    stats.path("rss_bytes").isIntegralNumber()
                            && stats.path("rss_bytes").asLong() > 0,
                    stats.toString());
            assertTrue(stats.path("cpu_seconds").isNumber(), stats.toString());

            Run top = ok("top", "--json", "--iterations", "2", "--interval", "200ms");
            List<String> frames = top.out().lines().toList();
            assertEquals(2, frames.size(), top.out());
            for (String frame : frames) {
                JsonNode f = new Run(0, frame, "").json("kvmctl.top/1");
                assertEquals("js", f.path("vms").get(0).path("name").asString(), frame);
            }

            JsonNode memory = ok("memory", "js", "--json").json("kvmctl.memory/1");
            assertEquals(256L << 20, memory.path("max_bytes").asLong(), memory.toString());
            assertTrue(memory.path("target_bytes").isNull(), memory.toString());

            assertEquals(
                    "paused",
                    ok("pause", "js", "--json")
                            .json("kvmctl.pause/1")
                            .path("state")
                            .asString());
            assertEquals(
                    "running",
                    ok("resume", "js", "--json")
                            .json("kvmctl.resume/1")
                            .path("state")
                            .asString());

            JsonNode cpus = ok("cpus", "js", "--json").json("kvmctl.cpus/1");
            assertTrue(cpus.path("vcpus").get(0).path("thread_id").isIntegralNumber(), cpus.toString());
            ok("device", "list", "js", "--json").json("kvmctl.device.list/1");
            assertEquals(
                    0,
                    ok("snapshot", "list", "js", "--json")
                            .json("kvmctl.snapshot.list/1")
                            .path("snapshots")
                            .size());
            JsonNode ip = ok("ip", "js", "--json").json("kvmctl.ip/1");
            assertEquals(port, ip.path("forwards").get(0).path("host_port").asInt(), ip.toString());

            Run zero = kvmctl("down", "js", "--timeout", "-1");
            assertEquals(2, zero.code(), zero.toString());
            assertTrue(zero.err().startsWith("kvmctl: Invalid value for option '--timeout'"), zero.toString());

            JsonNode down = ok("down", "js", "--timeout", "0", "--json").json("kvmctl.down/1");
            assertTrue(down.path("took_seconds").isNumber(), down.toString());
            assertTrue(down.path("step").asString().matches("[a-z_]+"), down.toString());
        } finally {
            vms.killVms();
        }
    }

    private static void assertSnakeCase(JsonNode n, String doc) {
        List<String> bad = new ArrayList<>();
        collect(n, bad);
        assertEquals(List.of(), bad, "keys not in snake_case in " + doc);
    }

    private static void collect(JsonNode n, List<String> bad) {
        if (n.isObject()) {
            for (Iterator<String> it = n.propertyNames().iterator(); it.hasNext(); ) {
                String k = it.next();
                if (!k.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*")) {
                    bad.add(k);
                }
                collect(n.get(k), bad);
            }
        } else if (n.isArray()) {
            n.forEach(e -> collect(e, bad));
        }
    }
}
