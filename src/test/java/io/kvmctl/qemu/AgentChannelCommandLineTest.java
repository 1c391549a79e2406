package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The profile's {@code agent: true}: qemu-guest-agent's virtio-serial channel on an inherited socket. */
class AgentChannelCommandLineTest {
    private static final String BASE = "name: vm\nmemory: 256M\n";
    private static final InheritedSockets SOCKETS = new InheritedSockets(3, 4, 5, 6, 7);

    @Test
    void agentIsOffByDefaultAndAddsNothing() {
        var p = Profiles.parse(BASE);
        assertFalse(p.agent());
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX, Optional.of(SOCKETS));
        assertFalse(AgentArgs.recordedIn(argv));
        assertTrue(argv.stream().noneMatch(a -> a.contains("virtserialport")), argv.toString());
    }

    @Test
    void agentIsAControllerOnItsOwnRootPortWithThePortQemuGaOpensOnAnInheritedSocket() {
        var p = Profiles.parse(BASE + "agent: true\n");
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX, Optional.of(SOCKETS));
        assertTrue(
                Collections.indexOfSubList(
                                argv,
                                List.of(
                                        "-chardev",
                                        "socket,id=kvmctl-agent,fd=7,server=on,wait=off",
                                        "-device",
                                        "{\"driver\":\"virtio-serial-pci\",\"id\":\"kvmctl-vserial0\","
                                                + "\"bus\":\"kvmctl-agent-port\"}",
                                        "-device",
                                        "{\"driver\":\"virtserialport\",\"bus\":\"kvmctl-vserial0.0\",\"nr\":1,"
                                                + "\"chardev\":\"kvmctl-agent\",\"id\":\"kvmctl-agent0\","
                                                + "\"name\":\"org.qemu.guest_agent.0\"}"))
                        >= 0,
                argv.toString());
        assertTrue(argv.stream().anyMatch(a -> a.contains("\"id\":\"kvmctl-agent-port\"")), argv.toString());
        assertTrue(AgentArgs.recordedIn(argv));
    }

    @Test
    void agentSocketFollowsTheOutsideMonitorsAndTheNicsFollowIt() {
        var p = Profiles.parse(BASE + "qmp_sockets: [tools]\nagent: true\n");
        assertEquals(8, SOCKETS.agentFd(p));
        assertEquals(9, SOCKETS.firstFreeFd(p));
        var without = Profiles.parse(BASE + "qmp_sockets: [tools]\n");
        assertEquals(8, SOCKETS.firstFreeFd(without));
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX, Optional.of(SOCKETS));
        assertTrue(argv.contains("socket,id=kvmctl-agent,fd=8,server=on,wait=off"), argv.toString());
    }

    @Test
    void onPcTheControllerSitsOnTheRootBus() {
        var p = Profiles.parse(BASE + "machine: pc\nagent: true\n");
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX, Optional.of(SOCKETS));
        assertTrue(argv.contains("{\"driver\":\"virtio-serial-pci\",\"id\":\"kvmctl-vserial0\"}"), argv.toString());
    }

    @Test
    void withoutInheritedSocketsTheChannelIsBesideTheStartersSocket() {
        var p = Profiles.parse(BASE + "agent: true\n");
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX);
        String dir = Profiles.CTX.qmpSocket().getParent().toString();
        assertTrue(
                argv.contains("socket,id=kvmctl-agent,path=" + dir + "/agent.sock,server=on,wait=off"),
                argv.toString());
    }

    @Test
    void aDiskCalledAgentKeepsItsOwnRootPort() {
        var p = Profiles.parse(BASE + "agent: true\ndisks:\n  - id: agent\n    file: /dev/null\n    format: raw\n");
        List<String> argv = QemuCommandLine.build(p, Profiles.CTX, Optional.of(SOCKETS));
        assertTrue(argv.stream().anyMatch(a -> a.contains("\"id\":\"kvmctl-rp-agent\"")), argv.toString());
        assertTrue(argv.stream().anyMatch(a -> a.contains("\"id\":\"kvmctl-agent-port\"")), argv.toString());
    }
}
