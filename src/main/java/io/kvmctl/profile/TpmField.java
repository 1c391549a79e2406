package io.kvmctl.profile;

/**
 * The profile's {@code tpm}: a TPM 2.0 for the guest, emulated by swtpm. QEMU has a TPM device for q35
 * ({@code tpm-crb}) and for pc ({@code tpm-tis}), none for microvm, so other machines are refused here.
 */
final class TpmField {
    private TpmField() {}

    static boolean read(YamlObject t, String machine, Problems problems) {
        boolean tpm = t.bool("tpm").orElse(false);
        if (tpm && !machine.contains("q35") && !machine.startsWith("pc")) {
            problems.error(
                    "tpm",
                    "a TPM needs machine q35 (tpm-crb) or pc (tpm-tis), and this profile has machine " + machine
                            + ", which has no TPM device",
                    "use 'machine: q35' or remove 'tpm: true'");
            return false;
        }
        return tpm;
    }
}
