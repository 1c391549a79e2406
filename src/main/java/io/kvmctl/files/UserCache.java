package io.kvmctl.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * kvmctl's cache in the user's cache folder ({@code $XDG_CACHE_HOME/kvmctl}, else {@code ~/.cache/kvmctl}): what a
 * short command would otherwise ask a QEMU binary on every call (its QMP schema, its version). Everything here can
 * be rebuilt, so reading is lenient and writing is best effort: a lost or damaged file costs one more question to
 * QEMU, never a failed command. Folders are private (0700); files are replaced by rename, never seen half written.
 */
public final class UserCache {
    private UserCache() {}

    /** The cache folder from {@code env}, or empty when neither XDG_CACHE_HOME nor HOME says where it is. */
    public static Optional<Path> folder(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Optional.of(Path.of(xdg, "kvmctl"));
        }
        String home = env.get("HOME");
        if (home != null && home.startsWith("/")) {
            return Optional.of(Path.of(home, ".cache", "kvmctl"));
        }
        return Optional.empty();
    }

    /** The file's text, or empty when it is missing or unreadable. */
    public static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Replaces {@code file} with {@code text}, creating its folders private; gives up silently (a read-only home,
     * a full disk): the cache is an optimisation. No fsync: after a crash the file is old or missing, both fine.
     */
    public static void write(Path file, String text) {
        Path folder = file.getParent();
        try {
            Files.createDirectories(
                    folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path temp = Files.createTempFile(folder, file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temp, text);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | SecurityException e) {
            // Best effort, see above.
        }
    }
}
