package io.kvmctl.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qmp.script.QmpScript;
import io.kvmctl.qmp.script.ScriptReport;
import io.kvmctl.qmp.script.ScriptRunner;
import io.kvmctl.testing.IsolatedVms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** QMP scripts against a real QEMU: the README's hot-unplug example, and a failing step's report. */
class QmpScriptIT {
    private static final QmpOptions OPTIONS = QmpOptions.defaults().withConnectTimeout(Duration.ofSeconds(30));

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path dir = vms.dir();

    @Test
    void hotUnplugScriptWaitsForDeviceDeletedAndHolds() throws Exception {
        QmpScript script = QmpScript.parse("""
                timeout: 30s
                steps:
                  - execute: query-status
                    expect: {status: prelaunch, running: false}
                  - execute: netdev_add
                    arguments: {type: user, id: net1}
                  - execute: device_add
                    arguments: {driver: virtio-net-pci, id: nic1, netdev: net1, bus: rp1}
                  - execute: device_del
                    arguments: {id: nic1}
                  - wait-event: DEVICE_DELETED
                    match: {device: nic1}
                  - execute: device_del
                    arguments: {id: nic1}
                    expect-error: DeviceNotFound
                  - hmp: info network
                    expect: "net1"
                  - sleep: 10ms
                """, "hotplug.yaml");
        List<String> progress = new ArrayList<>();
        try (QemuUnderTest qemu = QemuUnderTest.withSocketPair(
                dir,
                OPTIONS,
                "-machine",
                "q35",
                "-global",
                "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
                "-device",
                "pcie-root-port,id=rp1,bus=pcie.0,chassis=1")) {
            ScriptReport report = new ScriptRunner(qemu.client, progress::add).run(script);
            assertTrue(report.passed(), report.text());
            assertEquals("all 8 steps held", report.text());
            assertEquals(8, progress.size());
        }
    }

    @Test
    void failingStepStopsTheScriptWithExpectedAndGot() throws Exception {
        QmpScript script = QmpScript.parse("""
                - execute: query-status
                  expect: {running: true}
                - execute: cont
                """, "bad.yaml");
        try (QemuUnderTest qemu = QemuUnderTest.withSocketPair(dir, OPTIONS)) {
            ScriptReport report = new ScriptRunner(qemu.client, line -> {}).run(script);
            ScriptReport.Failure f = report.failure();
            assertEquals(1, f.step());
            assertEquals("execute query-status", f.description());
            assertEquals("a reply containing {\"running\":true}", f.expected());
            // The whole reply is quoted; its fields vary by version (QEMU 10 dropped "singlestep").
            assertTrue(f.got().startsWith("{\"status\":\"prelaunch\","), f.got());
            assertTrue(f.got().endsWith("\"running\":false} ($.running is false, expected true)"), f.got());
            assertEquals("prelaunch", new QmpCommands(qemu.client).queryStatus().status(), "step 2 did not run");
        }
    }
}
