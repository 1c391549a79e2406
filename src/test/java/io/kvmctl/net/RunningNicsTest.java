package io.kvmctl.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.qemu.LaunchContext;
import io.kvmctl.qemu.QemuCommandLine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunningNicsTest {
    @Test
    void findsMachineNicIdsMacsAndHotplugPortsInAnArgv() {
        List<String> argv = List.of(
                "/usr/bin/qemu",
                "-machine",
                "type=q35",
                "-netdev",
                "{\"type\":\"user\",\"id\":\"net0\"}",
                "-device",
                "{\"driver\":\"virtio-net-pci\",\"id\":\"net0\",\"netdev\":\"net0\",\"mac\":\"52:54:00:aa:bb:cc\"}",
                "-device",
                "{\"driver\":\"pcie-root-port\",\"id\":\"kvmctl-hp0\",\"chassis\":16,\"slot\":16}",
                "-device",
                "{\"driver\":\"pcie-root-port\",\"id\":\"kvmctl-hp1\",\"chassis\":17,\"slot\":17}");
        RunningNics r = RunningNics.fromArgv(argv);
        assertEquals("q35", r.machine());
        assertEquals(Set.of("52:54:00:aa:bb:cc"), r.macs());
        assertEquals(List.of("kvmctl-hp0", "kvmctl-hp1"), r.hotplugPorts());
        assertEquals(1, r.nicCount());
        assertEquals(Set.of("net0", "kvmctl-hp0", "kvmctl-hp1"), r.ids());
    }

    @Test
    void readsWhatTheCommandLineBuilderWrites() {
        var ctx = new LaunchContext(
                Path.of("/q"),
                Path.of("/r"),
                Path.of("/r/q.sock"),
                Path.of("/r/s.sock"),
                Path.of("/r/s.log"),
                Map.of(),
                Optional.empty(),
                false);
        var profile = io.kvmctl.profile.ProfileLoader.forThisHost();
        // q35 by default: the profile's default hotplug_slots root ports
        assertEquals(
                io.kvmctl.profile.Profile.DEFAULT_HOTPLUG_SLOTS,
                RunningNics.fromArgv(QemuCommandLine.build(minimal(profile), ctx))
                        .hotplugPorts()
                        .size());
    }

    private static io.kvmctl.profile.Profile minimal(io.kvmctl.profile.ProfileLoader loader) {
        try {
            return loader.parse(Path.of("/p/x.yaml"), "name: x\n", Optional.empty())
                    .profile();
        } catch (io.kvmctl.profile.ProfileException e) {
            throw new AssertionError(e);
        }
    }
}
