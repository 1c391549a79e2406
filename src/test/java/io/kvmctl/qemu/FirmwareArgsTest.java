package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.firmware.FirmwareDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FirmwareArgsTest {
    @Test
    void plainUefiIsTwoFlashNodesCodeReadOnly() {
        var fw = new FirmwareDescriptor(
                Path.of("60.json"),
                Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd"),
                Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd"),
                "raw",
                List.of("pc-q35-*"),
                Set.of("acpi-s3"));
        FirmwareArgs args = FirmwareArgs.of(fw, Path.of("/var/lib/kvmctl/vms/web,1/uefi-vars.fd"));
        assertEquals(
                List.of(
                        "-blockdev",
                        "{\"driver\":\"raw\",\"node-name\":\"kvmctl-fw-code\",\"read-only\":true,\"file\":"
                                + "{\"driver\":\"file\",\"filename\":\"/usr/share/OVMF/OVMF_CODE_4M.fd\",\"read-only\":true}}",
                        "-blockdev",
                        "{\"driver\":\"raw\",\"node-name\":\"kvmctl-fw-vars\",\"read-only\":false,\"file\":"
                                + "{\"driver\":\"file\",\"filename\":\"/var/lib/kvmctl/vms/web,1/uefi-vars.fd\","
                                + "\"read-only\":false}}"),
                args.options());
        assertEquals(Map.of("pflash0", "kvmctl-fw-code", "pflash1", "kvmctl-fw-vars"), args.machineProperties());
    }

    @Test
    void secureBootAddsSmmAndSecureFlash() {
        var fw = new FirmwareDescriptor(
                Path.of("40.json"),
                Path.of("/c.fd"),
                Path.of("/v.fd"),
                "raw",
                List.of("pc-q35-*"),
                Set.of("secure-boot", "requires-smm", "enrolled-keys"));
        FirmwareArgs args = FirmwareArgs.of(fw, Path.of("/vars.fd"));
        assertEquals("on", args.machineProperties().get("smm"));
        assertEquals(
                List.of("-global", "driver=cfi.pflash01,property=secure,value=on"),
                args.options().subList(4, 6));
    }
}
