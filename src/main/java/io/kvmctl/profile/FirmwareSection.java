package io.kvmctl.profile;

/**
 * The {@code firmware} and {@code secure_boot} fields. Secure Boot is refused without UEFI and off q35: OVMF's
 * Secure Boot builds need SMM, and their descriptors list only q35 machines (an i440fx guest with SMM on cannot keep
 * the variables away from the OS anyway).
 */
final class FirmwareSection {
    private final Problems problems;

    FirmwareSection(Problems problems) {
        this.problems = problems;
    }

    FirmwareSpec read(YamlObject t, String machine) {
        FirmwareSpec.Kind kind = t.choice("firmware", FirmwareSpec.Kind.class, FirmwareSpec.Kind::yamlName)
                .orElse(FirmwareSpec.Kind.BIOS);
        boolean secureBoot = t.bool("secure_boot").orElse(false);
        if (!secureBoot) {
            return new FirmwareSpec(kind, false);
        }
        if (kind != FirmwareSpec.Kind.UEFI) {
            problems.error(
                    "secure_boot",
                    "Secure Boot is a UEFI feature, and this profile boots with BIOS",
                    "add 'firmware: uefi' or remove 'secure_boot: true'");
            return new FirmwareSpec(kind, false);
        }
        if (!machine.contains("q35")) {
            problems.error(
                    "secure_boot",
                    "Secure Boot needs machine q35 (OVMF's Secure Boot builds need SMM, which they support only on"
                            + " q35), and this profile has machine " + machine,
                    "use 'machine: q35' or remove 'secure_boot: true'");
            return new FirmwareSpec(kind, false);
        }
        return new FirmwareSpec(kind, true);
    }
}
