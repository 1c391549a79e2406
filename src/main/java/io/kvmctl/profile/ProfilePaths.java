package io.kvmctl.profile;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The file paths a profile names (disk images, cdrom, kernel, serial log, QEMU binary), resolved against the
 * profile's folder so a profile can be moved together with its images. Existence is checked through the caller's
 * predicate, which keeps parsing pure.
 */
final class ProfilePaths {
    private final Path dir;
    private final Predicate<Path> exists;
    private final Problems problems;
    private final Map<String, Path> relative = new LinkedHashMap<>();

    ProfilePaths(Path dir, Predicate<Path> exists, Problems problems) {
        this.dir = dir;
        this.exists = exists;
        this.problems = problems;
    }

    /** The profile's folder; also the placeholder path of a field that was missing or wrong (never used then). */
    Path dir() {
        return dir;
    }

    /**
     * The fields that named a path relative to the profile's folder, with what each resolved to: what a copy of the
     * profile kept elsewhere ({@code kvmctl define}) must write out in full.
     */
    Map<String, Path> relative() {
        return Map.copyOf(relative);
    }

    /** Resolves {@code text} against the profile's folder; checks existence when {@code mustExist}. */
    Optional<Path> resolve(String field, String text, boolean mustExist) {
        Path p;
        try {
            p = dir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            problems.error(field, "'" + text + "' is not a valid path", "fix the path");
            return Optional.empty();
        }
        if (p.getFileName() == null) {
            // Every path field names a file; "/" (or "..", "/.." resolving to it) has no file name at all.
            problems.error(field, "'" + text + "' is the root folder, not a file", "give the path of a file");
            return Optional.empty();
        }
        if (!Path.of(text).isAbsolute()) {
            relative.put(field, p);
        }
        if (mustExist && !exists.test(p)) {
            problems.error(
                    field,
                    "no such file: " + p,
                    (p.toString().contains("/test-images/out/")
                                    ? "build the test images (test-images/build) or fix the path"
                                    : "create it or fix the path")
                            + " (relative paths are resolved against the profile's folder " + dir + ")");
        }
        return Optional.of(p);
    }
}
