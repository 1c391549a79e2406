package io.kvmctl.files;

import io.kvmctl.text.DiskFull;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file as a whole or not at all: the new content goes to a temporary file beside it (same directory,
 * so same file system), is synced, and is renamed over the old one. A crash or a full disk leaves the previous
 * file byte for byte, and the temporary file is removed on failure. Every writer of kvmctl state goes through
 * here (VM records, network records, profile edits, clone profiles, screenshots).
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** What fills the temporary file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temp) throws IOException;
    }

    /**
     * Replaces {@code target} with {@code bytes}, or leaves its previous bytes when anything fails.
     *
     * @param what what the file is, for the error ("the state of VM web", "profile copy")
     */
    public static void write(Path target, byte[] bytes, String what) throws IOException {
        write(target, what, temp -> {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        });
    }

    public static void write(Path target, String what, Content content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".kvmctl-tmp");
        try {
            Files.deleteIfExists(temp); // left by a crash: never reuse its bytes
            Files.createFile(temp);
            if (Files.exists(target)) {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target)); // a 0600 profile stays so
            }
            content.writeTo(temp);
            try (FileChannel sync = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                sync.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup); // the write's own failure is what the user needs to see
            }
            throw new IOException(failure(target, what, e), e);
        }
    }

    /**
     * Makes the rename itself durable: until the directory is synced, a power cut can bring back the old file.
     * Best effort: the new content is in place by now, so a failure here must not be reported as "unchanged".
     */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException notSupported) {
            // some file systems refuse fsync on a directory; the rename has happened either way
        }
    }

    /** "could not write WHAT (TARGET): REASON[; disk full hint]; TARGET is unchanged". */
    static String failure(Path target, String what, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "could not write " + what + " (" + target + "): " + reason
                + DiskFull.hint(reason, target).orElse("") + "; "
                + (Files.exists(target)
                        ? "the previous " + target.getFileName() + " is unchanged"
                        : "nothing was written");
    }
}
