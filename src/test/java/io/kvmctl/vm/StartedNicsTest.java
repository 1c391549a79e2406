package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.agent.GuestAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartedNicsTest {
    private static final String USER_MAC = "52:54:00:aa:00:01";
    private static final String TAP_MAC = "52:54:00:bb:00:02";

    /** The argv shape NicArgs writes: a JSON -netdev, then a JSON -device naming it and its MAC. */
    private static final List<String> ARGV = List.of(
            "qemu-system-x86_64",
            "-netdev",
            "{\"type\":\"user\",\"id\":\"net0\",\"hostfwd\":[]}",
            "-device",
            "{\"driver\":\"virtio-net-pci\",\"id\":\"net0\",\"netdev\":\"net0\",\"mac\":\"" + USER_MAC + "\"}",
            "-netdev",
            "{\"type\":\"tap\",\"id\":\"lan\",\"fd\":\"3\"}",
            "-device",
            "{\"driver\":\"virtio-net-pci\",\"id\":\"lan\",\"netdev\":\"lan\",\"mac\":\"52:54:00:BB:00:02\"}",
            "-device",
            "{\"driver\":\"virtio-serial-pci\",\"id\":\"agent-serial\"}");

    private static final StartedNics NICS = StartedNics.fromArgv(ARGV);

    private static GuestAddress v4(String ifname, String address, String mac) {
        return new GuestAddress(ifname, "ipv4", address, 24, mac);
    }

    @Test
    void readsEachNicWithItsMacAndWhetherItIsOnTheUserNetwork() {
        assertEquals(
                List.of(new StartedNics.Nic("net0", USER_MAC, true), new StartedNics.Nic("lan", TAP_MAC, false)),
                NICS.nics());
        assertEquals(Optional.of("lan"), NICS.withMac("52:54:00:Bb:00:02").map(StartedNics.Nic::id));
        assertTrue(NICS.withMac(null).isEmpty());
    }

    @Test
    void sshPrefersTheAddressOnANicOfTheVmOverAnUnknownInterface() {
        List<GuestAddress> told =
                List.of(v4("docker0", "172.17.0.1", "02:42:00:00:00:01"), v4("ens3", "192.168.50.7", TAP_MAC));
        assertEquals("192.168.50.7", NICS.sshAddress(told).orElseThrow().address());
    }

    @Test
    void sshNeverPicksTheUserNetworkAddressTheHostCannotReach() {
        assertEquals(Optional.empty(), NICS.sshAddress(List.of(v4("ens2", "10.0.2.15", USER_MAC))));
    }

    @Test
    void sshSkipsLoopbackLinkLocalAndIpv6() {
        List<GuestAddress> told = List.of(
                v4("lo", "127.0.0.1", "00:00:00:00:00:00"),
                v4("ens3", "169.254.3.4", TAP_MAC),
                new GuestAddress("ens3", "ipv6", "fd00::7", 64, TAP_MAC),
                v4("ens3", "192.168.50.7", TAP_MAC));
        assertEquals("192.168.50.7", NICS.sshAddress(told).orElseThrow().address());
    }

    @Test
    void sshTakesAnUnknownInterfaceWhenNoNicOfTheVmHasAnAddress() {
        List<GuestAddress> told = List.of(v4("ens2", "10.0.2.15", USER_MAC), v4("br0", "192.168.9.2", null));
        assertEquals("192.168.9.2", NICS.sshAddress(told).orElseThrow().address());
    }

    @Test
    void sshKeepsTheGuestsOrderAmongEqualChoices() {
        List<GuestAddress> told = List.of(v4("ens3", "192.168.50.7", TAP_MAC), v4("ens3", "192.168.50.8", TAP_MAC));
        assertEquals("192.168.50.7", NICS.sshAddress(told).orElseThrow().address());
    }

    @Test
    void argvWithoutNicsHasNone() {
        assertEquals(
                List.of(),
                StartedNics.fromArgv(List.of("qemu", "-netdev", "user,id=x")).nics());
    }
}
