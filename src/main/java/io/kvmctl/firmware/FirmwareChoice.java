package io.kvmctl.firmware;

import java.util.List;
import java.util.Optional;

/**
 * Picks the UEFI build for a VM from the descriptors found, in their priority order (file name order across the
 * search folders, as QEMU's firmware.json specifies and libvirt does). Pure: the caller reads the files.
 */
public final class FirmwareChoice {
    private FirmwareChoice() {}

    /**
     * The first descriptor for {@code machine} whose Secure Boot matches {@code secureBoot}. With Secure Boot, a
     * build with keys enrolled is preferred (without them Secure Boot is on but lets anything boot). Without it, a
     * build that needs no SMM is preferred, since SMM slows every firmware call under TCG.
     */
    public static Optional<FirmwareDescriptor> pick(
            List<FirmwareDescriptor> descriptors, String machine, boolean secureBoot) {
        List<FirmwareDescriptor> fitting = descriptors.stream()
                .filter(d -> d.supports(machine) && d.secureBoot() == secureBoot)
                .toList();
        if (secureBoot) {
            return fitting.stream()
                    .filter(FirmwareDescriptor::enrolledKeys)
                    .findFirst()
                    .or(() -> fitting.stream().findFirst());
        }
        return fitting.stream()
                .filter(d -> !d.requiresSmm())
                .findFirst()
                .or(() -> fitting.stream().findFirst());
    }

    /** Why nothing fits, and what to install or change; for the error when {@link #pick} finds nothing. */
    public static String whyNone(List<FirmwareDescriptor> descriptors, String machine, boolean secureBoot) {
        return whyNone(descriptors, machine, secureBoot, List.of("/usr/share/qemu/firmware", "/etc/qemu/firmware"));
    }

    /** The same, naming the folders that were searched ({@code searched}) when none held a descriptor. */
    public static String whyNone(
            List<FirmwareDescriptor> descriptors, String machine, boolean secureBoot, List<?> searched) {
        if (descriptors.isEmpty()) {
            return "no UEFI firmware is installed (no usable descriptor in "
                    + String.join(
                            " or ", searched.stream().map(Object::toString).toList())
                    + "): install OVMF ('apt-get install ovmf', 'dnf install edk2-ovmf') or use 'firmware: bios'";
        }
        if (descriptors.stream().noneMatch(d -> d.supports(machine))) {
            return "no installed UEFI firmware supports machine " + machine + ": use machine q35 (or pc)";
        }
        return secureBoot
                ? "no installed UEFI firmware for " + machine + " has Secure Boot: install an OVMF build with it, or "
                        + "drop 'secure_boot: true'"
                : "every installed UEFI firmware for " + machine + " has Secure Boot: set 'secure_boot: true'";
    }
}
