package io.kvmctl.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.NetBackend.PortForward;
import io.kvmctl.profile.NetBackend.Protocol;
import io.kvmctl.profile.NicSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForwardResolverTest {
    private static NicSpec user(String id, PortForward... forwards) {
        return new NicSpec(id, NicSpec.Model.VIRTIO_NET, Optional.empty(), new NetBackend.User(List.of(forwards)));
    }

    private static PortForward tcp(int host, int guest) {
        return new PortForward(Protocol.TCP, "127.0.0.1", host, Optional.empty(), guest);
    }

    @Test
    void autoForwardsGetTheKernelsPortAndFixedOnesKeepTheirs() throws Exception {
        List<ForwardMapping> m = ForwardResolver.resolve(
                List.of(user("net0", tcp(0, 80), tcp(2222, 22))),
                List.of(
                        new UsernetTable.Row("net0", "tcp", "127.0.0.1", 41000, "10.0.2.15", 80),
                        new UsernetTable.Row("net0", "tcp", "127.0.0.1", 2222, "10.0.2.15", 22)));
        assertEquals(
                List.of(
                        new ForwardMapping("net0", "tcp", "127.0.0.1", 41000, "10.0.2.15", 80, 0),
                        new ForwardMapping("net0", "tcp", "127.0.0.1", 2222, "10.0.2.15", 22, 2222)),
                m);
        assertEquals(
                "tcp 127.0.0.1:41000 -> guest 10.0.2.15:80 (auto)", m.get(0).describe());
    }

    @Test
    void twoIdenticalAutoForwardsTakeOneRowEachInOrder() throws Exception {
        List<ForwardMapping> m = ForwardResolver.resolve(
                List.of(user("n", tcp(0, 80), tcp(0, 80))),
                List.of(
                        new UsernetTable.Row("n", "tcp", "127.0.0.1", 40001, "10.0.2.15", 80),
                        new UsernetTable.Row("n", "tcp", "127.0.0.1", 40002, "10.0.2.15", 80)));
        assertEquals(
                List.of(40001, 40002), m.stream().map(ForwardMapping::hostPort).toList());
    }

    @Test
    void rowsOfAnotherNicDoNotCount() {
        assertThrows(
                NetworkSetupException.class,
                () -> ForwardResolver.resolve(
                        List.of(user("net0", tcp(0, 80))),
                        List.of(new UsernetTable.Row("net1", "tcp", "127.0.0.1", 40001, "10.0.2.15", 80))));
    }
}
