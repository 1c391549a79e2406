package io.kvmctl.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The {@code nics} list: one {@link NicSpec} per item, with its backend (user networking and its port forwards, a
 * tap or a bridge). Host ports and tap names are checked across all NICs, since two NICs cannot share them.
 */
final class NicsSection {
    /** Linux interface names: at most 15 bytes (IFNAMSIZ - 1). */
    static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,14}");

    private final Problems problems;
    private final DeviceIds ids;

    NicsSection(Problems problems, DeviceIds ids) {
        this.problems = problems;
        this.ids = ids;
    }

    List<NicSpec> read(YamlObject t) {
        List<NicSpec> nics = new ArrayList<>();
        Map<String, String> hostPorts = new HashMap<>();
        Map<String, String> ifnames = new HashMap<>();
        for (YamlObject.Item item : t.objects("nics", ProfileKeys.NIC)) {
            YamlObject n = item.object();
            String at = n.path();
            String id = ids.read(n, "net" + item.index());
            NicSpec.Model model = n.choice("model", NicSpec.Model.class, NicSpec.Model::yamlName)
                    .orElse(NicSpec.Model.VIRTIO_NET);
            Optional<MacAddress> mac = n.string("mac").flatMap(s -> {
                try {
                    return Optional.of(MacAddress.parse(s));
                } catch (IllegalArgumentException e) {
                    problems.error(n.field("mac"), e.getMessage(), "or remove mac: to derive one from the VM name");
                    return Optional.empty();
                }
            });
            List<String> backends =
                    ProfileKeys.NIC.subList(3, 6).stream().filter(n::has).toList();
            if (backends.size() > 1) {
                problems.error(
                        at, "has " + String.join(" and ", backends) + "; a NIC has one backend", "keep one of them");
            }
            NetBackend backend = new NetBackend.User(List.of());
            if (n.has("tap")) {
                backend = YamlObject.open(n.node("tap").get(), n.field("tap"), problems, ProfileKeys.TAP)
                        .map(tap -> new NetBackend.Tap(ifname(tap, "ifname", ifnames)))
                        .orElse(null);
            } else if (n.has("bridge")) {
                backend = YamlObject.open(n.node("bridge").get(), n.field("bridge"), problems, ProfileKeys.BRIDGE)
                        .map(br -> {
                            Optional<String> name = ifname(br, "name", new HashMap<>());
                            if (name.isEmpty() && !br.has("name")) {
                                problems.error(br.field("name"), "missing", "give the bridge, e.g. name: br0");
                            }
                            return new NetBackend.Bridge(name.orElse("br0"));
                        })
                        .orElse(null);
            } else if (n.has("user")) {
                backend = YamlObject.open(n.node("user").get(), n.field("user"), problems, ProfileKeys.USER)
                        .map(u -> new NetBackend.User(forwards(u, hostPorts)))
                        .orElse(null);
            }
            if (backend != null) {
                nics.add(new NicSpec(id, model, mac, backend));
            }
        }
        return nics;
    }

    private Optional<String> ifname(YamlObject o, String key, Map<String, String> seen) {
        return o.string(key).filter(s -> {
            if (!IFNAME.matcher(s).matches()) {
                problems.error(
                        o.field(key),
                        "'" + s + "' is not a Linux interface name",
                        "use 1 to 15 letters," + " digits, '.', '_' or '-'");
                return false;
            }
            String before = seen.putIfAbsent(s, o.field(key));
            if (before != null) {
                problems.error(o.field(key), "'" + s + "' is also used by " + before, "give each NIC its own tap");
            }
            return true;
        });
    }

    private List<NetBackend.PortForward> forwards(YamlObject user, Map<String, String> hostPorts) {
        List<NetBackend.PortForward> out = new ArrayList<>();
        for (YamlObject.Item item : user.objects("hostfwd", ProfileKeys.HOSTFWD)) {
            YamlObject f = item.object();
            String at = f.path();
            NetBackend.Protocol protocol = f.choice("protocol", NetBackend.Protocol.class, YamlObject::lowerDashed)
                    .orElse(NetBackend.Protocol.TCP);
            String hostAddress = f.string("host_address")
                    .filter(a -> ipv4(f.field("host_address"), a))
                    .orElse("127.0.0.1");
            Optional<String> guestAddress = f.string("guest_address").filter(a -> ipv4(f.field("guest_address"), a));
            // "auto" (or 0): slirp binds port 0, so the kernel picks a free port inside bind() itself; the
            // launcher reads the result back from QEMU (see io.kvmctl.net.UsernetTable).
            OptionalInt hostPort = f.node("host_port")
                            .filter(v -> v.isString() && "auto".equals(v.asString()))
                            .isPresent()
                    ? OptionalInt.of(0)
                    : f.integer("host_port", 0, 65535);
            OptionalInt guestPort = f.integer("guest_port", 1, 65535);
            for (String k : List.of("host_port", "guest_port")) {
                if (!f.has(k)) {
                    problems.error(f.field(k), "missing", "give a port number, e.g. host_port: 2222, guest_port: 22");
                }
            }
            if (hostPort.isPresent() && guestPort.isPresent() && hostPort.getAsInt() != 0) {
                String key = protocol + " " + hostAddress + ":" + hostPort.getAsInt();
                String before = hostPorts.putIfAbsent(key, at);
                if (before != null) {
                    problems.error(
                            f.field("host_port"),
                            "host port " + hostPort.getAsInt() + " is also forwarded by " + before,
                            "use another host_port");
                }
            }
            if (hostPort.isPresent() && guestPort.isPresent()) {
                out.add(new NetBackend.PortForward(
                        protocol, hostAddress, hostPort.getAsInt(), guestAddress, guestPort.getAsInt()));
            }
        }
        return out;
    }

    /** slirp in QEMU 7.2 forwards IPv4 only. */
    private boolean ipv4(String field, String text) {
        if (text.matches("(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){3}")) {
            return true;
        }
        problems.error(
                field,
                "'" + text + "' is not an IPv4 address",
                "write one like 127.0.0.1 (0.0.0.0 for all" + " host addresses)");
        return false;
    }
}
