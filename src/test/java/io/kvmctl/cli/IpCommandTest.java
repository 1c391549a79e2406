package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.agent.GuestAddress;
import io.kvmctl.vm.StartedNics;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpCommandTest {
    private static final StartedNics NICS = new StartedNics(List.of(
            new StartedNics.Nic("net0", "52:54:00:aa:00:01", true),
            new StartedNics.Nic("lan", "52:54:00:bb:00:02", false)));

    @Test
    void guestAddressesSkipLoopbackAndLinkLocalAndNameTheirNic() {
        List<IpCommand.GuestIp> ips = IpCommand.guestIps(
                List.of(
                        new GuestAddress("lo", "ipv4", "127.0.0.1", 8, "00:00:00:00:00:00"),
                        new GuestAddress("ens2", "ipv4", "10.0.2.15", 24, "52:54:00:AA:00:01"),
                        new GuestAddress("ens2", "ipv6", "fe80::5054:ff:feaa:1", 64, "52:54:00:aa:00:01"),
                        new GuestAddress("ens3", "ipv4", "192.168.50.7", 24, "52:54:00:bb:00:02"),
                        new GuestAddress("docker0", "ipv4", "172.17.0.1", 16, "02:42:00:00:00:01")),
                NICS);
        assertEquals(
                List.of(
                        "10.0.2.15/24  ens2 (NIC net0, user network: reached only through forwards)",
                        "192.168.50.7/24  ens3 (NIC lan)",
                        "172.17.0.1/16  docker0"),
                ips.stream()
                        .map(g -> g.address() + "/" + g.prefix() + "  " + IpCommand.where(g))
                        .toList());
    }

    @Test
    void jsonHasForwardsAndGuestAddresses() {
        String json = CliJson.MAPPER.writeValueAsString(IpCommand.asJson(
                List.of(new IpCommand.Address("tcp", "127.0.0.1", 34567, 22, "net0")),
                IpCommand.guestIps(
                        List.of(new GuestAddress("ens3", "ipv4", "192.168.50.7", 24, "52:54:00:bb:00:02")), NICS)));
        assertEquals("""
                {
                  "kind" : "kvmctl.ip/1",
                  "forwards" : [ {
                    "protocol" : "tcp",
                    "host_address" : "127.0.0.1",
                    "host_port" : 34567,
                    "guest_port" : 22,
                    "nic" : "net0"
                  } ],
                  "guest" : [ {
                    "address" : "192.168.50.7",
                    "prefix" : 24,
                    "family" : "ipv4",
                    "interface_name" : "ens3",
                    "mac" : "52:54:00:bb:00:02",
                    "nic" : "lan",
                    "user_network" : false
                  } ]
                }""", json);
    }
}
