package io.kvmctl.net;

import static io.kvmctl.net.NetTestSupport.BOOT;
import static io.kvmctl.net.NetTestSupport.COMMAND;
import static io.kvmctl.net.NetTestSupport.kvmctlOk;
import static io.kvmctl.net.NetTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guests on a bridge inside a network namespace this test creates: kvmctl runs in the namespace (ip netns exec),
 * creates the taps there, and QEMU gets their descriptors. No packet leaves the namespace.
 */
class BridgeNetworkIT {
    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();
    NetnsFixture ns;

    @BeforeEach
    void setUp() throws Exception {
        ns = new NetnsFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            vms.killVms(); // before their namespace goes
        } finally {
            ns.close();
        }
    }

    private Path bridgeGuest(String name) throws Exception {
        return TestGuests.linuxProfile(tmp, name, """
                nics:
                  - id: net0
                    bridge:
                      name: %s
                """.formatted(ns.bridge)).resolveSibling(name + ".yaml");
    }

    @Test
    void twoGuestsOnOneBridgePingEachOtherAndTheirTapsGoAtDown() throws Exception {
        Path a = TestGuests.linuxProfile(tmp, "pinga", """
                nics:
                  - id: net0
                    bridge:
                      name: %s
                  - id: net1
                    user: {}
                """.formatted(ns.bridge));
        Path b = bridgeGuest("pingb");
        kvmctlOk(root, ns.name, "up", a.toString());
        kvmctlOk(root, ns.name, "up", b.toString());

        String ports = ns.bridgePorts();
        assertEquals(2, ports.lines().filter(l -> l.contains("kvmctl")).count(), "bridge ports: " + ports);
        JsonNode status = JsonMapper.builder()
                .build()
                .readTree(kvmctlOk(root, ns.name, "status", "pinga", "--json").output());
        assertEquals(1, status.path("network").path("created_taps").size(), status.toString());
        assertEquals(
                ns.bridge,
                status.path("network")
                        .path("created_taps")
                        .get(0)
                        .path("bridge")
                        .asString());

        try (SerialConsole ca = SerialConsole.attach(root.vm("pinga"));
                SerialConsole cb = SerialConsole.attach(root.vm("pingb"))) {
            ca.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), BOOT);
            cb.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), BOOT);
            List<String> links = run(ca, "ip link", COMMAND);
            assertEquals(
                    2,
                    links.stream()
                            .filter(l -> l.contains("link/ether 52:54:00:"))
                            .distinct()
                            .count(),
                    "guest a has two NICs with distinct MACs: " + links);
            run(ca, "ip addr add 10.77.0.1/24 dev eth0 && ip link set eth0 up", COMMAND);
            run(cb, "ip addr add 10.77.0.2/24 dev eth0 && ip link set eth0 up", COMMAND);
            List<String> fromA = run(ca, "ping -c 3 -W 5 10.77.0.2", COMMAND);
            List<String> fromB = run(cb, "ping -c 3 -W 5 10.77.0.1", COMMAND);
            assertTrue(
                    fromA.stream().anyMatch(l -> l.matches(".*3 packets transmitted, 3 (packets )?received.*")),
                    "guest a's ping: " + fromA);
            assertTrue(
                    fromB.stream().anyMatch(l -> l.matches(".*3 packets transmitted, 3 (packets )?received.*")),
                    "guest b's ping: " + fromB);
        }

        kvmctlOk(root, ns.name, "down", "pinga", "--force");
        kvmctlOk(root, ns.name, "down", "pingb", "--force");
        assertEquals("", ns.bridgePorts().strip(), "the bridge keeps no port after down");
        assertFalse(ns.links().contains("kvmctl"), "no tap is left: " + ns.links());
    }

    @Test
    void downAfterQemuWasKilledCleansUpAndLeavesNoTap() throws Exception {
        kvmctlOk(root, ns.name, "up", bridgeGuest("crash").toString());
        assertTrue(ns.bridgePorts().contains("kvmctl"), ns.bridgePorts());
        int qemuPid = Integer.parseInt(
                java.nio.file.Files.readString(root.vm("crash").qemuPidFile()).strip());
        io.kvmctl.sys.Processes.kill(qemuPid, io.kvmctl.sys.Processes.SIGKILL);
        io.kvmctl.sys.Processes.awaitExit(qemuPid, 30_000);
        String down = kvmctlOk(root, ns.name, "down", "crash").output();
        assertTrue(down.contains("down"), down);
        assertEquals("", ns.bridgePorts().strip(), "no port is left on the bridge");
        assertFalse(ns.links().contains("kvmctl"), "no tap is left: " + ns.links());
        assertFalse(java.nio.file.Files.exists(root.vm("crash").path()));
    }

    @Test
    void aTapThatExistedBeforeIsUsedAndKeptAfterDown() throws Exception {
        NetTestSupport.sh("ip", "-n", ns.name, "tuntap", "add", "dev", "kvpre0", "mode", "tap");
        Path p = TestGuests.linuxProfile(tmp, "pre", """
                nics:
                  - tap:
                      ifname: kvpre0
                """);
        kvmctlOk(root, ns.name, "up", p.toString());
        JsonNode status = JsonMapper.builder()
                .build()
                .readTree(kvmctlOk(root, ns.name, "status", "pre", "--json").output());
        assertEquals(0, status.path("network").path("created_taps").size(), "kvmctl did not create it: " + status);
        kvmctlOk(root, ns.name, "down", "pre", "--force");
        assertTrue(ns.links().contains("kvpre0"), "a tap kvmctl did not create stays: " + ns.links());
    }

    @Test
    void aMissingBridgeIsRefusedWithTheCommandThatCreatesIt() throws Exception {
        Path p = TestGuests.linuxProfile(tmp, "nobr", """
                nics:
                  - bridge:
                      name: nosuchbr0
                """);
        NetTestSupport.Result r = NetTestSupport.kvmctl(root, ns.name, "up", p.toString());
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(
                r.output()
                        .contains("bridge nosuchbr0 does not exist; create it with 'ip link add nosuchbr0 type"
                                + " bridge && ip link set nosuchbr0 up'"),
                r.output());
        assertFalse(ns.links().contains("kvmctl"), "no tap is left: " + ns.links());
    }

    @Test
    void withoutCapNetAdminTheErrorSaysWhatToDo() throws Exception {
        Path p = bridgeGuest("nocap");
        NetTestSupport.Result r = NetTestSupport.kvmctlWith(
                List.of("setpriv", "--bounding-set=-net_admin"), root, ns.name, "up", p.toString());
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("no permission to create a tap: that needs CAP_NET_ADMIN"), r.output());
        assertTrue(r.output().contains("ip tuntap add dev tap0 mode tap user"), r.output());
        assertEquals("", ns.bridgePorts().strip());
    }

    @Test
    void aTapAnotherProcessHoldsIsReportedBusy() throws Exception {
        Path first = TestGuests.linuxProfile(tmp, "tapa", """
                nics:
                  - tap:
                      ifname: kvtest0
                """);
        kvmctlOk(root, ns.name, "up", first.toString());
        Path second = TestGuests.linuxProfile(tmp, "tapb", """
                nics:
                  - tap:
                      ifname: kvtest0
                """);
        NetTestSupport.Result r = NetTestSupport.kvmctl(root, ns.name, "up", second.toString());
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("tap kvtest0 is busy"), r.output());
        kvmctlOk(root, ns.name, "down", "tapa", "--force");
        assertFalse(ns.links().contains("kvtest0"), "the tap kvmctl created is gone: " + ns.links());
    }

    @Test
    void nicHotAddedOnTheBridgeAppearsInTheGuestAndIsRemoved() throws Exception {
        Path p = TestGuests.linuxProfile(tmp, "hot", "");
        kvmctlOk(root, ns.name, "up", p.toString());
        try (SerialConsole c = SerialConsole.attach(root.vm("hot"))) {
            c.awaitLine(Pattern.compile(Pattern.quote(TestGuests.READY)), BOOT);
            NetTestSupport.Result badModel =
                    NetTestSupport.kvmctl(root, ns.name, "nic", "add", "hot", "--model", "e999");
            assertEquals(2, badModel.exitCode(), badModel.output());
            assertTrue(
                    badModel.output().contains("--model e999 is not one of virtio-net, e1000, rtl8139"),
                    badModel.output());
            String added = kvmctlOk(root, ns.name, "nic", "add", "hot", "--bridge", ns.bridge, "--json")
                    .output();
            JsonNode nic = JsonMapper.builder().build().readTree(added);
            String mac = nic.path("mac").asString();
            assertTrue(ns.bridgePorts().contains("kvmctl"), "the new tap is on the bridge: " + ns.bridgePorts());

            List<String> seen = run(
                    c,
                    "for i in $(seq 60); do ip link | grep -q " + mac + " && break; sleep 1; done; ip link",
                    COMMAND);
            assertTrue(seen.stream().anyMatch(l -> l.contains("link/ether " + mac)), "guest's ip link: " + seen);

            kvmctlOk(root, ns.name, "nic", "del", "hot", nic.path("id").asString());
            List<String> after = run(c, "ip link", COMMAND);
            assertFalse(after.stream().anyMatch(l -> l.contains("link/ether " + mac)), "after del: " + after);
            assertEquals("", ns.bridgePorts().strip(), "the hot-added tap is gone after nic del");
        }
        kvmctlOk(root, ns.name, "down", "hot", "--force");
    }
}
