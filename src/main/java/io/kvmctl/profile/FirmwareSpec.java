package io.kvmctl.profile;

/**
 * What boots the guest: SeaBIOS (QEMU's default, nothing on the command line) or UEFI (OVMF as two flash devices,
 * chosen at start from the host's firmware descriptors), the latter optionally with Secure Boot.
 *
 * @param kind       BIOS or UEFI ({@code firmware:})
 * @param secureBoot whether the UEFI build must enforce Secure Boot ({@code secure_boot:}); only with UEFI
 */
public record FirmwareSpec(Kind kind, boolean secureBoot) {
    /** The profile's {@code firmware:} words. */
    public enum Kind {
        BIOS,
        UEFI;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What a profile without {@code firmware:} gets. */
    public static final FirmwareSpec BIOS = new FirmwareSpec(Kind.BIOS, false);

    public FirmwareSpec {
        if (secureBoot && kind != Kind.UEFI) {
            throw new IllegalArgumentException("Secure Boot needs UEFI firmware");
        }
    }

    public boolean uefi() {
        return kind == Kind.UEFI;
    }
}
