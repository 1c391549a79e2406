package io.kvmctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Folders a test makes and removes again, beyond what JUnit's private {@code @TempDir} offers. */
public final class Folders {
    private Folders() {}

    /** A new folder under /tmp that every user can read and enter (JUnit's {@code @TempDir} is private to root). */
    public static Path readableByAll(String prefix) throws IOException {
        return Files.createTempDirectory(
                prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    /** Deletes {@code dir} with everything in it; a missing one is fine. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(dir)) {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a file went while we listed: the caller sees which
        }
        for (Path p : deepestFirst) {
            Files.deleteIfExists(p);
        }
    }
}
