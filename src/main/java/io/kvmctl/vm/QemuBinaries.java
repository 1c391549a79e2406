package io.kvmctl.vm;

import io.kvmctl.files.Executables;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Which QEMU binary to run when neither the profile nor the command line names one. */
public final class QemuBinaries {
    public static final String DEFAULT_NAME = "qemu-system-x86_64";

    private QemuBinaries() {}

    /** {@code $KVMCTL_QEMU}, else {@value #DEFAULT_NAME} from PATH. */
    public static Path defaultBinary() throws VmStartException {
        String explicit = System.getenv("KVMCTL_QEMU");
        if (explicit != null && !explicit.isBlank()) {
            Path path = Path.of(explicit);
            Optional<String> why = Executables.whyNotRunnable(path);
            if (why.isPresent()) {
                throw new VmStartException("KVMCTL_QEMU=" + explicit + ": " + explicit + " " + why.get()
                        + "; set it to a QEMU binary, e.g. /usr/bin/qemu-system-x86_64, or unset it");
            }
            return path;
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, DEFAULT_NAME);
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new VmStartException(DEFAULT_NAME + " was not found on PATH; install QEMU (Debian: apt-get install "
                + "qemu-system-x86), or name a binary with --qemu PATH, KVMCTL_QEMU or the profile's 'qemu' field");
    }

    /**
     * Refuses, before anything is created, a QEMU (from the profile's {@code qemu} or the command line) that is not
     * an executable file: started anyway, it would fail as exit status 127 after a runtime directory was made.
     */
    static void requireRunnable(Path qemu) throws VmStartException {
        Optional<String> why = Executables.whyNotRunnable(qemu);
        if (why.isPresent()) {
            throw new VmStartException("QEMU " + qemu + " " + why.get()
                    + "; name a QEMU binary with --qemu PATH, KVMCTL_QEMU or the profile's 'qemu' field");
        }
    }
}
