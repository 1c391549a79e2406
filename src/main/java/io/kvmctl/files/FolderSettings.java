package io.kvmctl.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables that move kvmctl's folders, checked before a command runs: with
 * {@code KVMCTL_RUNTIME_DIR=/etc/passwd}, {@code kvmctl list} used to say "no VMs". A folder that does not exist yet
 * is fine (kvmctl makes it); one that is a file or lies under a file is an error naming the variable and the path.
 */
public final class FolderSettings {
    /** Every variable naming one folder of kvmctl's. */
    public static final List<String> VARIABLES = List.of(
            "KVMCTL_RUNTIME_DIR", "KVMCTL_STORE_DIR", "KVMCTL_DATA_DIR", "KVMCTL_LOG_DIR", "KVMCTL_SYSTEMD_UNIT_DIR");

    private FolderSettings() {}

    /** The first problem with the folders {@code env} sets, as one line with the fix; empty when there is none. */
    public static Optional<String> problem(Map<String, String> env) {
        for (String variable : VARIABLES) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                Optional<String> why = whyNotUsable(Path.of(value).toAbsolutePath());
                if (why.isPresent()) {
                    return Optional.of(variable + "=" + value + ": " + why.get() + "; set " + variable
                            + " to a folder of yours, or unset it");
                }
            }
        }
        return Optional.empty();
    }

    /** Why {@code dir} cannot be kvmctl's folder, or empty when it is one or can be made. */
    static Optional<String> whyNotUsable(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(
                    existing.equals(dir)
                            ? "not a directory"
                            : existing + " is not a directory, so nothing can be made under it");
        }
        // A folder that is there but not ours to enter is left to the command: the runtime root's own check says
        // whose it is and to run kvmctl as that user, which a generic line here would hide.
        return Optional.empty();
    }
}
