package io.kvmctl.net;

import io.kvmctl.profile.MacAddress;
import io.kvmctl.profile.NicSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MAC addresses across the NICs of one VM. Derived addresses differ per NIC index, but 24 hashed bits can still
 * clash, and an explicit {@code mac} can repeat another NIC's: two NICs with one MAC on a bridge confuse every
 * switch, so it is refused before QEMU starts.
 */
public final class NicMacs {
    private NicMacs() {}

    public static void requireUnique(String vmName, List<NicSpec> nics) throws NetworkSetupException {
        Map<MacAddress, String> seen = new HashMap<>();
        for (int i = 0; i < nics.size(); i++) {
            MacAddress mac = nics.get(i).macFor(vmName, i);
            String before = seen.putIfAbsent(mac, nics.get(i).id());
            if (before != null) {
                throw new NetworkSetupException(
                        "NICs " + before + " and " + nics.get(i).id() + " of VM " + vmName + " would both have MAC "
                                + mac + "; give one of them another 'mac:'");
            }
        }
    }

    /** The derived MAC for the next NIC, at the first index from {@code from} whose address is not in use. */
    public static MacAddress next(String vmName, int from, Set<String> used) {
        for (int i = from; ; i++) {
            MacAddress mac = MacAddress.derive(vmName, i);
            if (!used.contains(mac.text())) {
                return mac;
            }
        }
    }
}
