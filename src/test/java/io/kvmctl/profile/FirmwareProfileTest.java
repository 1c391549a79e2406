package io.kvmctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirmwareProfileTest {
    private static final Path FILE = Path.of("/p/vm.yaml");

    private static Profile parse(String yaml) throws ProfileException {
        return new ProfileLoader(4, p -> true)
                .parse(FILE, yaml, Optional.empty())
                .profile();
    }

    private static List<String> errors(String yaml) {
        ProfileException e = assertThrows(ProfileException.class, () -> parse(yaml));
        return e.errors().stream().map(Problem::toString).toList();
    }

    @Test
    void biosIsTheDefault() throws ProfileException {
        assertEquals(FirmwareSpec.BIOS, parse("memory: 256M\n").firmware());
    }

    @Test
    void uefiWithAndWithoutSecureBoot() throws ProfileException {
        assertEquals(
                new FirmwareSpec(FirmwareSpec.Kind.UEFI, false),
                parse("firmware: uefi\n").firmware());
        assertEquals(
                new FirmwareSpec(FirmwareSpec.Kind.UEFI, true),
                parse("firmware: UEFI\nsecure_boot: true\n").firmware());
        assertEquals(
                FirmwareSpec.BIOS, parse("firmware: bios\nsecure_boot: false\n").firmware());
    }

    @Test
    void secureBootWithoutUefiIsOneLineSayingWhatToAdd() {
        assertEquals(
                List.of("/p/vm.yaml: secure_boot: Secure Boot is a UEFI feature, and this profile boots with BIOS;"
                        + " add 'firmware: uefi' or remove 'secure_boot: true'"),
                errors("secure_boot: true\n"));
    }

    @Test
    void secureBootOffQ35IsRefused() {
        List<String> errors = errors("machine: pc\nfirmware: uefi\nsecure_boot: true\n");
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(
                "/p/vm.yaml: secure_boot: Secure Boot needs machine q35 (OVMF's Secure Boot builds need SMM, which"
                        + " they support only on q35), and this profile has machine pc; use 'machine: q35' or remove"
                        + " 'secure_boot: true'",
                errors.getFirst());
    }

    @Test
    void anUnknownFirmwareSuggestsTheClosest() {
        assertEquals(
                List.of("/p/vm.yaml: firmware: 'uefl' is not one of bios, uefi; did you mean 'uefi'?"),
                errors("firmware: uefl\n"));
    }
}
