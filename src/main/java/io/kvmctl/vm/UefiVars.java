package io.kvmctl.vm;

import io.kvmctl.files.AtomicFile;
import io.kvmctl.firmware.FirmwareChoice;
import io.kvmctl.firmware.FirmwareDescriptor;
import io.kvmctl.firmware.InstalledFirmware;
import io.kvmctl.firmware.VmFirmware;
import io.kvmctl.profile.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * The UEFI side of a start: which build a VM runs, and its own variables store, a copy of the build's template
 * made at the VM's first UEFI start in its home ({@link VmHomes}) and reused on every later one, so what the guest
 * writes there (boot entries, Secure Boot state) survives {@code down}. The copy is named after its template, so a
 * profile that switches builds (Secure Boot on) gets a store made for that build, and the old one is kept.
 *
 * @param firmware what QEMU runs (empty: SeaBIOS)
 * @param created  the store this start made, removed again when the start fails (nothing is left behind), and the
 *                 VM's home with it when this start made that too
 */
record UefiVars(Optional<VmFirmware> firmware, List<Path> created) {
    static final UefiVars NONE = new UefiVars(Optional.empty(), List.of());

    UefiVars {
        created = List.copyOf(created);
    }

    /**
     * The build for {@code named} (whose machine type is already the versioned one), from the host's descriptors;
     * empty for BIOS. Before anything is created: none fitting is the one-line reason and what to do.
     */
    static Optional<FirmwareDescriptor> choose(Profile named) throws IOException {
        if (!named.firmware().uefi()) {
            return Optional.empty();
        }
        List<Path> searched = InstalledFirmware.searchPath();
        List<FirmwareDescriptor> installed = InstalledFirmware.descriptors(searched);
        boolean secureBoot = named.firmware().secureBoot();
        Optional<FirmwareDescriptor> build = FirmwareChoice.pick(installed, named.machine(), secureBoot);
        if (build.isEmpty()) {
            throw new VmStartException("VM " + named.name() + " cannot start with UEFI: "
                    + FirmwareChoice.whyNone(installed, named.machine(), secureBoot, searched));
        }
        return build;
    }

    /**
     * The firmware a start of {@code named} would run, with the store where it would be, creating nothing: for
     * {@code cmdline}.
     */
    static Optional<VmFirmware> planned(Profile named, VmHomes homes) throws IOException {
        return choose(named)
                .map(d -> VmFirmware.of(
                        d, homes.of(named.name()).resolve(d.varsTemplate().getFileName())));
    }

    /**
     * The firmware VM {@code name} runs: {@code recorded} as it is (a migration's destination), else
     * {@code build} with the VM's store in its home, copied from the template when it is not there yet.
     */
    static UefiVars prepare(
            Optional<FirmwareDescriptor> build, Optional<VmFirmware> recorded, VmHomes homes, String name)
            throws IOException {
        if (recorded.isPresent()) {
            Path vars = Path.of(recorded.get().vars());
            if (!Files.isRegularFile(vars, LinkOption.NOFOLLOW_LINKS)) {
                throw new VmStartException("the UEFI variables store " + vars + " of VM " + name + " is gone");
            }
            return new UefiVars(recorded, List.of());
        }
        if (build.isEmpty()) {
            return NONE;
        }
        FirmwareDescriptor d = build.get();
        boolean newHome = !Files.exists(homes.of(name), LinkOption.NOFOLLOW_LINKS);
        Path home = homes.ensure(name);
        Path vars = home.resolve(d.varsTemplate().getFileName());
        if (Files.exists(vars, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(vars, LinkOption.NOFOLLOW_LINKS)) {
                throw new VmStartException("the UEFI variables store " + vars + " of VM " + name
                        + " is not a regular file; move it away (a fresh copy of " + d.varsTemplate()
                        + " is made then, without the guest's boot entries)");
            }
            return new UefiVars(Optional.of(VmFirmware.of(d, vars)), List.of());
        }
        // 0600 before the first byte: the store holds what the guest keeps secret from other users (keys, entries).
        AtomicFile.write(vars, "the UEFI variables of VM " + name, temp -> {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            try (var in = Files.newInputStream(d.varsTemplate());
                    var out = Files.newOutputStream(temp)) {
                in.transferTo(out);
            }
        });
        return new UefiVars(Optional.of(VmFirmware.of(d, vars)), newHome ? List.of(vars, home) : List.of(vars));
    }

    /** Removes what this start made (store first, then its home); the start failed, a later one copies afresh. */
    void undo(Exception failure) {
        for (Path made : created) {
            try {
                Files.deleteIfExists(made);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
