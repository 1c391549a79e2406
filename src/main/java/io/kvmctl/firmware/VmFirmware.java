package io.kvmctl.firmware;

import java.nio.file.Path;

/**
 * The UEFI firmware one VM runs, as recorded with the VM: the build's code, the VM's own variables store, and what
 * the argv needs to know about the build. A migration's destination runs exactly this (the guest's firmware must
 * not change under it, and its boot entries are in {@code vars}), and {@code status} shows it. Plain strings, so
 * the record reads back the same in any later kvmctl.
 *
 * @param code       the read-only executable (pflash0)
 * @param vars       the VM's variables store (pflash1), a copy of the build's template in the VM's home
 * @param format     {@code raw} or {@code qcow2}, of both files
 * @param secureBoot whether the build enforces Secure Boot
 * @param smm        whether the build needs SMM and secure flash (Secure Boot builds)
 * @param descriptor the descriptor the build was chosen by, for a reader of the record
 */
public record VmFirmware(String code, String vars, String format, boolean secureBoot, boolean smm, String descriptor) {
    /** The build {@code d} with the VM's variables store at {@code vars}. */
    public static VmFirmware of(FirmwareDescriptor d, Path vars) {
        return new VmFirmware(
                d.code().toString(),
                vars.toString(),
                d.format(),
                d.secureBoot(),
                d.requiresSmm(),
                d.source().toString());
    }

    /** One line for {@code status}: {@code uefi (OVMF_CODE_4M.fd)}, {@code uefi, secure boot (...)}. */
    public String describe() {
        return "uefi" + (secureBoot ? ", secure boot" : "") + " ("
                + Path.of(code).getFileName() + ")";
    }
}
