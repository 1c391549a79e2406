package io.kvmctl.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a path names a program kvmctl can run, asked before anything is created: a QEMU that is not there must
 * be refused with the reason, not started and reported as exit status 127 after a runtime directory was made.
 */
public final class Executables {
    private Executables() {}

    /** Why {@code program} cannot be run (e.g. "does not exist"), or empty when it is an executable regular file. */
    public static Optional<String> whyNotRunnable(Path program) {
        if (!Files.exists(program)) {
            return Optional.of("does not exist");
        }
        if (Files.isDirectory(program)) {
            return Optional.of("is a directory, not a program");
        }
        if (!Files.isRegularFile(program)) {
            return Optional.of("is not a regular file");
        }
        if (!Files.isExecutable(program)) {
            return Optional.of("is not executable (chmod +x " + program + ")");
        }
        return Optional.empty();
    }
}
