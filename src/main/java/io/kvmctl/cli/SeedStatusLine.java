package io.kvmctl.cli;

import io.kvmctl.qemu.QemuCommandLine;
import io.kvmctl.vm.VmDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/** The {@code cloud-init:} line of {@code kvmctl status}: the seed disk this start attached, and its user. */
final class SeedStatusLine {
    private SeedStatusLine() {}

    static Optional<String> of(VmDirectory dir) {
        if (!Files.isRegularFile(dir.seedFile())) {
            return Optional.empty();
        }
        String user;
        try {
            user = Files.isRegularFile(dir.guestUserFile())
                    ? ", user " + Files.readString(dir.guestUserFile()).strip()
                    : "";
        } catch (IOException e) {
            user = "";
        }
        long size;
        try {
            size = Files.size(dir.seedFile());
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of("seed disk " + QemuCommandLine.SEED_ID + " (" + dir.seedFile() + ", " + size / 1024
                + " KiB, read-only" + user + ")");
    }
}
