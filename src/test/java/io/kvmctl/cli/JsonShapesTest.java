package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.agent.GuestAddress;
import io.kvmctl.cli.json.AutostartListJson;
import io.kvmctl.cli.json.CloneJson;
import io.kvmctl.cli.json.CpusJson;
import io.kvmctl.cli.json.DeviceListJson;
import io.kvmctl.cli.json.ImageInfoJson;
import io.kvmctl.cli.json.ListJson;
import io.kvmctl.cli.json.MemoryJson;
import io.kvmctl.cli.json.MigrateJson;
import io.kvmctl.cli.json.RunStateJson;
import io.kvmctl.cli.json.ScreenshotJson;
import io.kvmctl.cli.json.SnapshotListJson;
import io.kvmctl.cli.json.StatsJson;
import io.kvmctl.cli.json.StopJson;
import io.kvmctl.cli.json.VmJson;
import io.kvmctl.devices.DeviceEntry;
import io.kvmctl.image.ImageInfo;
import io.kvmctl.migrate.MigrationOutcome;
import io.kvmctl.migrate.MigrationResult;
import io.kvmctl.migrate.MigrationStats;
import io.kvmctl.net.ForwardMapping;
import io.kvmctl.net.NetworkState;
import io.kvmctl.qemu.Sandbox;
import io.kvmctl.resources.VcpuPinning;
import io.kvmctl.stats.VmStats;
import io.kvmctl.store.ListedVm;
import io.kvmctl.vm.ExitStatus;
import io.kvmctl.vm.StopReport;
import io.kvmctl.vm.StopStep;
import io.kvmctl.vm.VmStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every --json shape from fixed inputs: the exact text of the main ones, and the rules (docs/json.md) for all. */
class JsonShapesTest {
    private static final VmStatus WEB = new VmStatus(
            "web",
            "running",
            4242,
            Instant.parse("2026-12-07T08:00:00Z"),
            Duration.ofMillis(4250),
            "tcg",
            "7.2.0",
            "pc-q35-7.2",
            null,
            "/run/kvmctl/web",
            null,
            new NetworkState(
                    List.of(),
                    List.of(new ForwardMapping("net0", "tcp", "127.0.0.1", 2222, null, 22, 2222)),
                    List.of(),
                    List.of()),
            "kvmctl",
            Sandbox.OFF,
            null,
            null,
            List.of(new GuestAddress("ens2", "ipv4", "10.0.2.15", 24, "52:54:00:12:34:56")));

    @Test
    void listPrintsKindThenRowsWithForwardedPortsAndUptimeInSeconds() {
        assertEquals("""
                {
                  "kind" : "kvmctl.list/1",
                  "vms" : [ {
                    "name" : "web",
                    "state" : "running",
                    "pid" : 4242,
                    "uptime_seconds" : 4.25,
                    "accel" : "tcg",
                    "defined" : null,
                    "autostart" : null,
                    "forwards" : [ {
                      "nic" : "net0",
                      "protocol" : "tcp",
                      "host_address" : "127.0.0.1",
                      "host_port" : 2222,
                      "guest_port" : 22,
                      "auto_port" : false
                    } ],
                    "guest_addresses" : [ {
                      "interface_name" : "ens2",
                      "family" : "ipv4",
                      "address" : "10.0.2.15",
                      "prefix" : 24,
                      "mac" : "52:54:00:12:34:56"
                    } ]
                  } ]
                }""", CliJson.write(ListJson.KIND, ListJson.running(List.of(WEB))));
    }

    @Test
    void listAllGivesADefinedVmThatIsOffNullsNotMissingKeys() {
        JsonNode row = read(CliJson.write(
                        ListJson.KIND, ListJson.all(List.of(new ListedVm("db", "shut off", true, true, null)))))
                .path("vms")
                .get(0);
        assertEquals("shut off", row.path("state").asString());
        assertTrue(row.path("defined").asBoolean() && row.path("autostart").asBoolean());
        assertTrue(row.has("pid") && row.path("pid").isNull(), row.toString());
        assertEquals(0, row.path("forwards").size());
    }

    @Test
    void statusHasNoBeanPropertiesAndNoIsoDurations() {
        String json = CliJson.write("kvmctl.status/1", VmJson.of(WEB));
        JsonNode n = read(json);
        assertEquals(4.25, n.path("uptime_seconds").asDouble());
        assertEquals("2026-12-07T08:00:00Z", n.path("started_at").asString());
        assertEquals(
                2222,
                n.path("network").path("forwards").get(0).path("host_port").asInt());
        assertTrue(!json.contains("\"empty\"") && !json.contains("PT4"), json);
        assertEquals(false, n.path("sandbox").path("on").asBoolean(true));
    }

    @Test
    void downSaysTheStepAndSecondsTaken() {
        assertEquals(
                """
                {
                  "kind" : "kvmctl.down/1",
                  "name" : "web",
                  "step" : "quit",
                  "step_description" : "QEMU quit when asked over QMP (the guest did not shut down by itself)",
                  "took_seconds" : 30.5,
                  "exit_status" : 0,
                  "notes" : [ "the guest did not power off within 30s" ]
                }""",
                CliJson.write(
                        StopJson.KIND,
                        StopJson.of(new StopReport(
                                "web",
                                StopStep.QUIT,
                                Duration.ofMillis(30_500),
                                new ExitStatus(0),
                                List.of("the guest did not power off within 30s")))));
    }

    @Test
    void statsAreBytesAndSeconds() {
        VmStats s = new VmStats(
                "web",
                "running",
                Duration.ofSeconds(90),
                4242,
                12.5,
                99.5,
                null,
                100L << 20,
                256L << 20,
                List.of(new VmStats.Disk("disk0", 4096, 8192, 1, 2)),
                List.of(new VmStats.Nic("net0", "user", null, null, null)),
                List.of(new VmStats.Vcpu("CPU 0/TCG", 4250, 12.0, 98.0)),
                null);
        assertEquals("""
                {
                  "kind" : "kvmctl.stats/1",
                  "name" : "web",
                  "state" : "running",
                  "pid" : 4242,
                  "uptime_seconds" : 90.0,
                  "cpu_seconds" : 12.5,
                  "cpu_percent" : 99.5,
                  "cpu_throttled_seconds" : null,
                  "rss_bytes" : 104857600,
                  "balloon_bytes" : 268435456,
                  "disks" : [ {
                    "id" : "disk0",
                    "read_bytes" : 4096,
                    "written_bytes" : 8192,
                    "read_ops" : 1,
                    "write_ops" : 2
                  } ],
                  "nics" : [ {
                    "id" : "net0",
                    "backend" : "user",
                    "host_interface" : null,
                    "rx_bytes" : null,
                    "tx_bytes" : null
                  } ],
                  "vcpus" : [ {
                    "thread" : "CPU 0/TCG",
                    "thread_id" : 4250,
                    "cpu_seconds" : 12.0,
                    "cpu_percent" : 98.0
                  } ],
                  "note" : null
                }""", CliJson.write(StatsJson.KIND, StatsJson.of(s)));
        String top =
                CliJson.line(StatsJson.Top.KIND, new StatsJson.Top("2026-12-07T08:00:00Z", List.of(StatsJson.of(s))));
        assertTrue(top.startsWith("{\"kind\":\"kvmctl.top/1\",\"time\":\"2026-12-07T08:00:00Z\",\"vms\":[{"), top);
        assertTrue(!top.contains("\n"), "one line per refresh");
    }

    @Test
    void migrateTurnsQemusMillisecondsIntoSeconds() {
        MigrationStats stats = new MigrationStats(
                "completed", 2500, 120, 300, 5, 1L << 30, 0, 1L << 30, 850.5, 0, 4096, 3, 0, 0, null);
        JsonNode n = read(CliJson.write(
                MigrateJson.KIND,
                MigrateJson.of(new MigrationResult(MigrationOutcome.COMPLETED, "done", "web", stats))));
        assertEquals("kvmctl.migrate/1", n.path("kind").asString());
        assertEquals(2.5, n.path("stats").path("total_time_seconds").asDouble());
        assertEquals(0.12, n.path("stats").path("downtime_seconds").asDouble());
        assertEquals(1L << 30, n.path("stats").path("ram_total_bytes").asLong());
        assertTrue(n.path("completed").asBoolean());
    }

    /** Every shape: kind first and versioned, snake_case keys all the way down. */
    @Test
    void everyShapeFollowsTheRules() {
        Map<String, String> docs = new LinkedHashMap<>();
        docs.put("kvmctl.list/1", CliJson.write(ListJson.KIND, ListJson.running(List.of(WEB))));
        docs.put("kvmctl.status/1", CliJson.write("kvmctl.status/1", VmJson.of(WEB)));
        docs.put("kvmctl.up/1", CliJson.write("kvmctl.up/1", VmJson.of(WEB)));
        docs.put(
                "kvmctl.image.info/1",
                CliJson.write(
                        ImageInfoJson.KIND,
                        ImageInfoJson.of(new ImageInfo(
                                "a.qcow2",
                                "qcow2",
                                10L << 30,
                                200_704,
                                Optional.of("base.qcow2"),
                                Optional.of("qcow2"),
                                false,
                                List.of(new ImageInfo.Snapshot("1", "before", 4096, 1_765_000_000))))));
        docs.put(
                "kvmctl.device.list/1",
                CliJson.write(
                        DeviceListJson.KIND,
                        DeviceListJson.of(
                                "web",
                                List.of(new DeviceEntry("cd0", "ide-cd", Optional.empty(), Optional.of("pcie.0"))))));
        docs.put(
                "kvmctl.cpus/1",
                CliJson.write(CpusJson.KIND, CpusJson.of("web", List.of(new VcpuPinning.Vcpu(0, 4250, "0-1")))));
        docs.put(
                "kvmctl.snapshot.list/1",
                CliJson.write(SnapshotListJson.KIND, SnapshotListJson.of("web", Map.of("before", 2))));
        docs.put(
                "kvmctl.memory/1",
                CliJson.write(MemoryJson.KIND, new MemoryJson("web", 192L << 20, 256L << 20, 192L << 20, true)));
        docs.put("kvmctl.pause/1", CliJson.write("kvmctl.pause/1", new RunStateJson("web", "pause", "paused")));
        docs.put(
                "kvmctl.screenshot/1",
                CliJson.write(ScreenshotJson.KIND, new ScreenshotJson("web", "/tmp/s.png", "png", 720, 400, 3000)));
        docs.put(
                "kvmctl.clone/1",
                CliJson.write(
                        CloneJson.KIND,
                        new CloneJson("web", "web2", true, "/d/web2.yaml", "u", List.of("o"), List.of(), List.of())));
        docs.put(
                "kvmctl.autostart.list/1",
                CliJson.write(AutostartListJson.KIND, new AutostartListJson(List.of("web"))));
        docs.forEach((kind, json) -> {
            JsonNode n = read(json);
            assertEquals(kind, n.path("kind").asString(), json);
            assertEquals("kind", n.propertyNames().iterator().next(), "kind comes first: " + json);
            List<String> bad = new ArrayList<>();
            collectBadKeys(n, bad);
            assertEquals(List.of(), bad, json);
        });
    }

    private static void collectBadKeys(JsonNode n, List<String> bad) {
        if (n.isObject()) {
            for (Iterator<String> it = n.propertyNames().iterator(); it.hasNext(); ) {
                String k = it.next();
                if (!k.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*")) {
                    bad.add(k);
                }
                collectBadKeys(n.get(k), bad);
            }
        } else if (n.isArray()) {
            n.forEach(e -> collectBadKeys(e, bad));
        }
    }

    private static JsonNode read(String json) {
        return CliJson.MAPPER.readTree(json);
    }
}
