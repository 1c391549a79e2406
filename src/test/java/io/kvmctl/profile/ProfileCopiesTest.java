package io.kvmctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.qemu.Profiles;
import io.kvmctl.qemu.QemuCommandLine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Copies of a profile must keep every field: a migration destination built from one must match the source. */
class ProfileCopiesTest {
    @Test
    void renamedAndReNicedCopiesKeepTheHotplugSlots() {
        Profile p = Profiles.parse("hotplug_slots: 3\n");
        assertEquals(3, p.withName("other").hotplugSlots());
        assertEquals(3, p.withNics(List.of()).hotplugSlots());
        assertEquals(
                QemuCommandLine.build(p, Profiles.CTX).stream()
                        .filter(a -> a.contains("pcie-root-port"))
                        .count(),
                QemuCommandLine.build(p.withNics(p.nics()), Profiles.CTX).stream()
                        .filter(a -> a.contains("pcie-root-port"))
                        .count());
    }
}
