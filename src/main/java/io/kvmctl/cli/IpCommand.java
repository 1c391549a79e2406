package io.kvmctl.cli;

import io.kvmctl.agent.GuestAddress;
import io.kvmctl.agent.GuestAgentException;
import io.kvmctl.net.ForwardMapping;
import io.kvmctl.net.NetworkStateStore;
import io.kvmctl.vm.StartedNics;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(
        name = "ip",
        mixinStandardHelpOptions = true,
        description = "Show the addresses kvmctl knows for a VM: the host endpoints of its user-network forwards and,"
                + " with 'agent: true' and qemu-guest-agent answering, the guest's own addresses (no loopback or"
                + " link-local) with their interface and NIC. Exit code 1 when it knows none.")
final class IpCommand extends VmCommand {
    @Parameters(paramLabel = "NAME", description = "The VM")
    String name;

    @Option(names = "--json", description = "Print as JSON (kvmctl.ip/1, docs/json.md)")
    boolean json;

    /** One forward: where a host client connects, and what it reaches in the guest. */
    record Address(String protocol, String host, int port, int guestPort, String nic) {}

    /**
     * One address inside the guest.
     *
     * @param nic the VM's NIC with the interface's MAC, null for an interface kvmctl did not start the VM with
     * @param userNetwork on a NIC of QEMU's user network: the host reaches it only through forwards
     */
    record GuestIp(
            String address,
            int prefix,
            String family,
            String interfaceName,
            String mac,
            String nic,
            boolean userNetwork) {}

    @Override
    public Integer call() throws Exception {
        List<ForwardMapping> forwards;
        List<GuestIp> guest = List.of();
        String agentSilence = null;
        try (Vm vm = attach(name)) {
            if (!vm.isRunning()) {
                return fail("VM " + name + " is not running");
            }
            forwards = NetworkStateStore.read(vm.directory().path()).forwards();
            if (vm.hasAgentChannel()) {
                try {
                    guest = guestIps(vm.guestAddresses(), vm.startedNics());
                } catch (GuestAgentException e) {
                    agentSilence = e.getMessage();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        List<Address> addresses = forwards.stream()
                .map(f -> new Address(f.protocol(), f.hostAddress(), f.hostPort(), f.guestPort(), f.nicId()))
                .toList();
        if (json) {
            out().println(CliJson.MAPPER.writeValueAsString(asJson(addresses, guest)));
        } else {
            for (Address a : addresses) {
                out().printf(
                                "%s:%d  %s -> guest port %d (NIC %s)%n",
                                a.host(), a.port(), a.protocol(), a.guestPort(), a.nic());
            }
            for (GuestIp g : guest) {
                out().printf("%s/%d  in the guest, on %s%n", g.address(), g.prefix(), where(g));
            }
        }
        if (agentSilence != null) {
            err().println(spec.qualifiedName() + ": no guest addresses: " + agentSilence);
        }
        if (addresses.isEmpty() && guest.isEmpty()) {
            err().println(spec.qualifiedName() + ": kvmctl knows no address of VM " + name + ": it has no hostfwd on"
                    + " a user NIC (add 'hostfwd: [{host_port: auto, guest_port: 22}]' under nics: - user:) and no"
                    + " guest agent that tells the guest's addresses (add 'agent: true', with qemu-guest-agent in the"
                    + " guest)");
            return KvmctlCommand.EXIT_NEGATIVE;
        }
        return 0;
    }

    /**
     * What {@code --json} prints, as a tree: the records here are not public (the command line is no API), so
     * Jackson may not read them (see module-info).
     */
    static ObjectNode asJson(List<Address> forwards, List<GuestIp> guest) {
        ObjectNode root = CliJson.MAPPER.createObjectNode().put("kind", "kvmctl.ip/1");
        ArrayNode f = root.putArray("forwards");
        for (Address a : forwards) {
            f.addObject()
                    .put("protocol", a.protocol())
                    .put("host_address", a.host())
                    .put("host_port", a.port())
                    .put("guest_port", a.guestPort())
                    .put("nic", a.nic());
        }
        ArrayNode g = root.putArray("guest");
        for (GuestIp ip : guest) {
            g.addObject()
                    .put("address", ip.address())
                    .put("prefix", ip.prefix())
                    .put("family", ip.family())
                    .put("interface_name", ip.interfaceName())
                    .put("mac", ip.mac())
                    .put("nic", ip.nic())
                    .put("user_network", ip.userNetwork());
        }
        return root;
    }

    static List<GuestIp> guestIps(List<GuestAddress> addresses, StartedNics nics) {
        return addresses.stream()
                .filter(GuestAddress::routable)
                .map(a -> new GuestIp(
                        a.address(),
                        a.prefix(),
                        a.family(),
                        a.interfaceName(),
                        a.mac(),
                        nics.withMac(a.mac()).map(StartedNics.Nic::id).orElse(null),
                        nics.withMac(a.mac()).map(StartedNics.Nic::userNetwork).orElse(false)))
                .toList();
    }

    /** {@code ens2 (NIC net0, user network: reached only through forwards)}. */
    static String where(GuestIp g) {
        if (g.nic() == null) {
            return g.interfaceName();
        }
        return g.interfaceName() + " (NIC " + g.nic()
                + (g.userNetwork() ? ", user network: reached only through forwards" : "") + ")";
    }
}
