package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.firmware.VmFirmware;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirmwareCommandLineTest {
    private static final VmFirmware PLAIN = new VmFirmware(
            "/usr/share/OVMF/OVMF_CODE_4M.fd",
            "/var/lib/kvmctl/vms/web/OVMF_VARS_4M.fd",
            "raw",
            false,
            false,
            "/usr/share/qemu/firmware/60-edk2-x86_64.json");
    private static final VmFirmware SECURE = new VmFirmware(
            "/usr/share/OVMF/OVMF_CODE_4M.ms.fd",
            "/var/lib/kvmctl/vms/web/OVMF_VARS_4M.ms.fd",
            "raw",
            true,
            true,
            "/usr/share/qemu/firmware/40-edk2-x86_64-secure-enrolled.json");

    private static List<String> argv(String yaml, Optional<VmFirmware> firmware) {
        return QemuCommandLine.build(Profiles.parse(yaml), Profiles.CTX.withFirmware(firmware));
    }

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
    void uefiFlashNodesAreNamedInTheOneMachineOption() {
        List<String> argv = argv("firmware: uefi\n", Optional.of(PLAIN));
        assertEquals(
                List.of("type=q35,dump-guest-core=off,pflash0=kvmctl-fw-code,pflash1=kvmctl-fw-vars"),
                values(argv, "-machine"));
        List<String> nodes = values(argv, "-blockdev");
        assertTrue(nodes.get(0).contains("\"node-name\":\"kvmctl-fw-code\",\"read-only\":true"), nodes.get(0));
        assertTrue(nodes.get(0).contains("\"filename\":\"/usr/share/OVMF/OVMF_CODE_4M.fd\""), nodes.get(0));
        assertTrue(nodes.get(1).contains("\"node-name\":\"kvmctl-fw-vars\",\"read-only\":false"), nodes.get(1));
        assertTrue(nodes.get(1).contains("\"filename\":\"/var/lib/kvmctl/vms/web/OVMF_VARS_4M.fd\""), nodes.get(1));
        assertTrue(values(argv, "-global").isEmpty(), "no secure flash without Secure Boot");
    }

    @Test
    void secureBootTurnsOnSmmAndMakesTheFlashWritableOnlyFromSmm() {
        List<String> argv = argv("firmware: uefi\nsecure_boot: true\n", Optional.of(SECURE));
        assertEquals(
                List.of("type=q35,dump-guest-core=off,pflash0=kvmctl-fw-code,pflash1=kvmctl-fw-vars,smm=on"),
                values(argv, "-machine"));
        assertEquals(List.of("driver=cfi.pflash01,property=secure,value=on"), values(argv, "-global"));
    }

    @Test
    void biosAddsNoFlash() {
        List<String> argv = argv("memory: 256M\n", Optional.empty());
        assertEquals(List.of("type=q35,dump-guest-core=off"), values(argv, "-machine"));
        assertFalse(String.join(" ", argv).contains("pflash"));
    }

    @Test
    void aVarsPathWithACommaStaysOneFileName() {
        VmFirmware odd = new VmFirmware(
                "/usr/share/OVMF/OVMF_CODE_4M.fd", "/data/vms/a,b=c d/OVMF_VARS_4M.fd", "raw", false, false, "x");
        List<String> nodes = values(argv("firmware: uefi\n", Optional.of(odd)), "-blockdev");
        assertTrue(nodes.get(1).contains("\"filename\":\"/data/vms/a,b=c d/OVMF_VARS_4M.fd\""), nodes.get(1));
    }
}
