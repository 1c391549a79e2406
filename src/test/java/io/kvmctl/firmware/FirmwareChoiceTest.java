package io.kvmctl.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareChoiceTest {
    // As Debian bookworm's ovmf package installs them (file names give the priority).
    private static final String SECURE_ENROLLED = descriptor(
            "/usr/share/OVMF/OVMF_CODE_4M.ms.fd",
            "/usr/share/OVMF/OVMF_VARS_4M.ms.fd",
            "\"pc-q35-*\"",
            "\"acpi-s3\", \"enrolled-keys\", \"requires-smm\", \"secure-boot\"");
    private static final String SECURE_EMPTY = descriptor(
            "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd",
            "/usr/share/OVMF/OVMF_VARS_4M.fd",
            "\"pc-q35-*\"",
            "\"acpi-s3\", \"requires-smm\", \"secure-boot\"");
    private static final String PLAIN = descriptor(
            "/usr/share/OVMF/OVMF_CODE_4M.fd",
            "/usr/share/OVMF/OVMF_VARS_4M.fd",
            "\"pc-i440fx-*\", \"pc-q35-*\"",
            "\"acpi-s3\", \"verbose-dynamic\"");

    @Test
    void withoutSecureBootTheBuildWithoutSmmIsChosenForQ35AndPc() {
        List<FirmwareDescriptor> all = debian();
        FirmwareDescriptor q35 = FirmwareChoice.pick(all, "pc-q35-7.2", false).orElseThrow();
        assertEquals(Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd"), q35.code());
        assertFalse(q35.requiresSmm());
        assertEquals(q35, FirmwareChoice.pick(all, "pc-i440fx-10.0", false).orElseThrow());
    }

    @Test
    void secureBootPrefersEnrolledKeysAndOnlyRunsOnQ35() {
        List<FirmwareDescriptor> all = debian();
        FirmwareDescriptor chosen =
                FirmwareChoice.pick(all, "pc-q35-10.0", true).orElseThrow();
        assertEquals(Path.of("/usr/share/OVMF/OVMF_VARS_4M.ms.fd"), chosen.varsTemplate());
        assertTrue(chosen.requiresSmm() && chosen.enrolledKeys());
        assertTrue(FirmwareChoice.pick(all, "pc-i440fx-7.2", true).isEmpty());
        assertTrue(FirmwareChoice.whyNone(all, "pc-i440fx-7.2", true).contains("has Secure Boot"));
    }

    @Test
    void noDescriptorsSaysWhatToInstall() {
        assertTrue(FirmwareChoice.pick(List.of(), "pc-q35-7.2", false).isEmpty());
        assertTrue(FirmwareChoice.whyNone(List.of(), "pc-q35-7.2", false).contains("apt-get install ovmf"));
    }

    @Test
    void descriptorsForOtherArchitecturesOrBiosAreSkippedAndGarbageRefused() {
        String aarch64 = PLAIN.replace("x86_64", "aarch64");
        assertTrue(FirmwareDescriptor.parse(Path.of("a.json"), aarch64).isEmpty());
        String bios = PLAIN.replace("\"uefi\"", "\"bios\"");
        assertTrue(FirmwareDescriptor.parse(Path.of("b.json"), bios).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> FirmwareDescriptor.parse(Path.of("c.json"), "{"));
    }

    @Test
    void anEarlierFolderHidesTheSameFileNameAndAnEmptyFileMasksIt(@TempDir Path tmp) throws IOException {
        Path code = Files.writeString(tmp.resolve("CODE.fd"), "c");
        Path vars = Files.writeString(tmp.resolve("VARS.fd"), "v");
        Path mine = Files.createDirectories(tmp.resolve("etc"));
        Path system = Files.createDirectories(tmp.resolve("share"));
        String ours = descriptor(code.toString(), vars.toString(), "\"pc-q35-*\"", "\"acpi-s3\"");
        Files.writeString(system.resolve("60-edk2.json"), ours.replace("pc-q35-*", "pc-i440fx-*"));
        Files.writeString(mine.resolve("60-edk2.json"), ours);
        Files.writeString(system.resolve("50-secure.json"), ours);
        Files.writeString(mine.resolve("50-secure.json"), "");
        Files.writeString(system.resolve("70-missing.json"), descriptor("/nope/CODE", "/nope/VARS", "\"*\"", ""));

        List<FirmwareDescriptor> found = InstalledFirmware.descriptors(List.of(mine, system));

        assertEquals(1, found.size());
        assertTrue(found.get(0).supports("pc-q35-7.2"));
        assertFalse(found.get(0).supports("pc-i440fx-7.2"));
    }

    private static List<FirmwareDescriptor> debian() {
        return List.of(
                FirmwareDescriptor.parse(Path.of("40.json"), SECURE_ENROLLED).orElseThrow(),
                FirmwareDescriptor.parse(Path.of("50.json"), SECURE_EMPTY).orElseThrow(),
                FirmwareDescriptor.parse(Path.of("60.json"), PLAIN).orElseThrow());
    }

    private static String descriptor(String code, String vars, String machines, String features) {
        return """
                {
                  "description": "UEFI firmware for x86_64",
                  "interface-types": ["uefi"],
                  "mapping": {
                    "device": "flash",
                    "executable": {"filename": "%s", "format": "raw"},
                    "nvram-template": {"filename": "%s", "format": "raw"}
                  },
                  "targets": [{"architecture": "x86_64", "machines": [%s]}],
                  "features": [%s],
                  "tags": []
                }
                """.formatted(code, vars, machines, features);
    }
}
