package io.kvmctl.qemu;

import io.kvmctl.profile.BootSpec;
import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.NicSpec;
import io.kvmctl.profile.Profile;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The network part of QEMU's argv: one backend and one card per NIC of the profile. */
final class NicArgs {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NicArgs() {}

    /** Each of the profile's NICs: its {@code -netdev} (user, tap, bridge, or an inherited tap fd) and {@code -device}. */
    static void add(List<String> a, Profile p, LaunchContext ctx, RootPorts ports) {
        for (int i = 0; i < p.nics().size(); i++) {
            NicSpec n = p.nics().get(i);
            ObjectNode netdev = JSON.createObjectNode();
            Optional<Integer> fd = Optional.ofNullable(ctx.nicFds().get(n.id()));
            switch (n.backend()) {
                case NetBackend.User(var forwards) -> {
                    netdev.put("type", "user").put("id", n.id());
                    if (!forwards.isEmpty()) {
                        ArrayNode rules = netdev.putArray("hostfwd");
                        forwards.forEach(f -> rules.addObject().put("str", f.hostfwdRule()));
                    }
                }
                case NetBackend.Tap(var ifname)
                when fd.isEmpty() -> {
                    netdev.put("type", "tap").put("id", n.id());
                    ifname.ifPresent(name -> netdev.put("ifname", name));
                    netdev.put("script", "no").put("downscript", "no");
                }
                case NetBackend.Bridge(var bridge)
                when fd.isEmpty() ->
                    netdev.put("type", "bridge").put("id", n.id()).put("br", bridge);
                case NetBackend.Tap t ->
                    netdev.put("type", "tap")
                            .put("id", n.id())
                            .put("fd", fd.get().toString());
                case NetBackend.Bridge b ->
                    netdev.put("type", "tap")
                            .put("id", n.id())
                            .put("fd", fd.get().toString());
            }
            if (ctx.vhostNet() && "tap".equals(netdev.path("type").asString())) {
                netdev.put("vhost", true);
            }
            QemuCommandLine.json(a, "-netdev", netdev);
            ObjectNode dev = JSON.createObjectNode()
                    .put("driver", n.model().qemuDevice())
                    .put("id", n.id())
                    .put("netdev", n.id())
                    .put("mac", n.macFor(p.name(), i).toString());
            ports.portOf(n.id()).ifPresent(port -> dev.put("bus", port));
            QemuCommandLine.bootIndex(dev, p.boot(), n.id(), i == 0 && p.boot() instanceof BootSpec.Network);
            QemuCommandLine.json(a, "-device", dev);
        }
    }
}
