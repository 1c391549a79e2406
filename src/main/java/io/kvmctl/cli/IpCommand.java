package io.kvmctl.cli;

import io.kvmctl.net.ForwardMapping;
import io.kvmctl.net.NetworkStateStore;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "ip",
        mixinStandardHelpOptions = true,
        description = "Show the addresses kvmctl knows for a VM: the host endpoints of its user-network forwards"
                + " (guest addresses from the guest agent are not shown yet). Exit code 1 when it knows none.")
final class IpCommand extends VmCommand {
    @Parameters(paramLabel = "NAME", description = "The VM")
    String name;

    @Option(names = "--json", description = "Print as JSON")
    boolean json;

    /** One address: where a host client connects, and what it reaches in the guest. */
    record Address(String protocol, String host, int port, int guestPort, String nic) {}

    @Override
    public Integer call() throws Exception {
        List<ForwardMapping> forwards;
        try (Vm vm = attach(name)) {
            if (!vm.isRunning()) {
                return fail("VM " + name + " is not running");
            }
            forwards = NetworkStateStore.read(vm.directory().path()).forwards();
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        List<Address> addresses = forwards.stream()
                .map(f -> new Address(f.protocol(), f.hostAddress(), f.hostPort(), f.guestPort(), f.nicId()))
                .toList();
        if (json) {
            out().println(CliJson.write(addresses));
        } else {
            for (Address a : addresses) {
                out().printf(
                                "%s:%d  %s -> guest port %d (NIC %s)%n",
                                a.host(), a.port(), a.protocol(), a.guestPort(), a.nic());
            }
        }
        if (addresses.isEmpty()) {
            err().println(spec.qualifiedName() + ": kvmctl knows no address of VM " + name + ": it has no hostfwd on"
                    + " a user NIC (add 'hostfwd: [{host_port: auto, guest_port: 22}]' under nics: - user:)");
            return KvmctlCommand.EXIT_NEGATIVE;
        }
        return 0;
    }
}
