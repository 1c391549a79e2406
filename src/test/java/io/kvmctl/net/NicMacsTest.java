package io.kvmctl.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvmctl.profile.MacAddress;
import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.NicSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NicMacsTest {
    private static NicSpec nic(String id, Optional<MacAddress> mac) {
        return new NicSpec(id, NicSpec.Model.VIRTIO_NET, mac, new NetBackend.User(List.of()));
    }

    @Test
    void anExplicitMacEqualToAnotherNicsDerivedOneIsRefused() {
        MacAddress derived0 = MacAddress.derive("vm", 0);
        NetworkSetupException e = assertThrows(
                NetworkSetupException.class,
                () -> NicMacs.requireUnique(
                        "vm", List.of(nic("net0", Optional.empty()), nic("net1", Optional.of(derived0)))));
        assertEquals(
                "NICs net0 and net1 of VM vm would both have MAC " + derived0 + "; give one of them another 'mac:'",
                e.getMessage());
    }

    @Test
    void derivedMacsOfSeveralNicsAreAccepted() throws Exception {
        NicMacs.requireUnique(
                "vm", List.of(nic("a", Optional.empty()), nic("b", Optional.empty()), nic("c", Optional.empty())));
    }

    @Test
    void nextSkipsAddressesInUse() {
        Set<String> used = Set.of(MacAddress.derive("vm", 2).text());
        assertEquals(MacAddress.derive("vm", 3), NicMacs.next("vm", 2, used));
        assertEquals(MacAddress.derive("vm", 2), NicMacs.next("vm", 2, Set.of()));
    }
}
