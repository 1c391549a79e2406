package io.kvmctl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.net.ForwardMapping;
import io.kvmctl.net.NetworkState;
import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpEvent;
import io.kvmctl.store.ListedVm;
import io.kvmctl.vm.VmStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON shapes of docs/design/web-contract.md, field by field. */
class WebJsonTest {
    @Test
    void runningVmRowHasTheContractsFields() {
        VmStatus s = new VmStatus(
                "vm1",
                "running",
                4321,
                Instant.EPOCH,
                Duration.ofSeconds(61),
                "tcg",
                "10.0.0",
                "pc-q35-10.0",
                null,
                "/run/x/vm1",
                null,
                new NetworkState(
                        List.of(),
                        List.of(new ForwardMapping("net0", "tcp", "127.0.0.1", 2222, "10.0.2.15", 22, 2222)),
                        List.of(),
                        List.of()),
                "kvmctl",
                io.kvmctl.qemu.Sandbox.OFF,
                null,
                null,
                List.of());
        var row = WebJson.vm(new ListedVm("vm1", "running", true, false, s), new ArgvFacts(2, 1L << 30, true), 12.34);
        assertEquals(
                "{\"name\":\"vm1\",\"state\":\"running\",\"defined\":true,\"running\":true,\"accel\":\"tcg\","
                        + "\"vcpus\":2,\"memory_bytes\":1073741824,\"uptime_s\":61,\"cpu_percent\":12.3,"
                        + "\"forwards\":[\"tcp 127.0.0.1:2222->22\"],\"vnc\":true,\"note\":null}",
                row.toString());
    }

    @Test
    void definedVmThatIsOffIsStopped() {
        var row = WebJson.vm(new ListedVm("vm2", "shut off", true, false, null), ArgvFacts.NONE, 50);
        assertEquals("stopped", row.get("state").asString());
        assertEquals(false, row.get("running").asBoolean());
        assertEquals(0.0, row.get("cpu_percent").asDouble());
        assertEquals(
                "{\"kind\":\"kvmctl.web.list/1\",\"vms\":[]}",
                WebJson.list(List.of()).toString());
    }

    @Test
    void messagesOfTheSockets() {
        QmpEvent stop = new QmpEvent("STOP", Json.object(), Instant.ofEpochMilli(1500));
        assertEquals("{\"type\":\"event\",\"event\":\"STOP\",\"timestamp_ms\":1500,\"data\":{}}", WebJson.event(stop));
        assertEquals("{\"type\":\"state\",\"state\":\"paused\"}", WebJson.state("paused"));
        assertEquals("{\"type\":\"gone\",\"reason\":\"QEMU killed\"}", WebJson.gone("QEMU killed"));
        assertEquals(
                "{\"type\":\"migration\",\"status\":\"active\",\"percent\":42.0,\"line\":\"l\"}",
                WebJson.migration("active", 42.0, "l"));
        assertEquals("{\"error\":\"two lines made one\"}", WebJson.error("two lines\nmade one"));
        assertEquals("{\"ok\":true,\"message\":\"done\"}", WebJson.ok("done"));
    }
}
