package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cloud-init seed as QEMU sees it: a read-only raw virtio disk with a fixed id, on its own root port on q35. */
class SeedDiskArgsTest {
    private static List<String> values(List<String> argv, String option) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option)) {
                out.add(argv.get(i + 1));
            }
        }
        return out;
    }

    @Test
    void seedIsAReadOnlyRawVirtioDiskBehindItsOwnRootPortOnQ35() {
        List<String> a =
                QemuCommandLine.build(Profiles.parse("hotplug_slots: 0\ncloud_init: {user: alice}\n"), Profiles.CTX);
        assertEquals(
                List.of("{\"driver\":\"raw\",\"node-name\":\"kvmctl-seed\",\"read-only\":true,\"file\":{\"driver\":"
                        + "\"file\",\"filename\":\"/run/kvmctl/vm/cidata.iso\",\"read-only\":true}}"),
                values(a, "-blockdev"));
        assertEquals(
                List.of(
                        "{\"driver\":\"pcie-root-port\",\"id\":\"kvmctl-seed-port\",\"chassis\":1,\"port\":16,"
                                + "\"bus\":\"pcie.0\",\"addr\":\"0x2\"}",
                        "{\"driver\":\"virtio-blk-pci\",\"bus\":\"kvmctl-seed-port\",\"id\":\"kvmctl-seed\","
                                + "\"drive\":\"kvmctl-seed\"}"),
                values(a, "-device"));
    }

    @Test
    void seedSitsOnTheRootBusOfPc() {
        List<String> devices = values(
                QemuCommandLine.build(Profiles.parse("machine: pc\ncloud_init: {ssh: true}\n"), Profiles.CTX),
                "-device");
        assertEquals(
                List.of("{\"driver\":\"virtio-blk-pci\",\"id\":\"kvmctl-seed\",\"drive\":\"kvmctl-seed\"}"), devices);
    }

    @Test
    void noCloudInitNoSeed() {
        List<String> a = QemuCommandLine.build(Profiles.parse("memory: 256M\n"), Profiles.CTX);
        assertFalse(String.join(" ", a).contains("kvmctl-seed"));
    }

    @Test
    void passwordNeverReachesTheArgv() {
        List<String> a = QemuCommandLine.build(
                Profiles.parse("cloud_init: {user: alice, password: hunter2-secret}\n"), Profiles.CTX);
        assertTrue(String.join(" ", a).contains("cidata.iso"));
        assertFalse(String.join(" ", a).contains("hunter2"));
    }
}
