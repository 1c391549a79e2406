package io.kvmctl.qmp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;

/**
 * The QMP schema of each QEMU binary, kept in a folder: one small file per binary, named by a digest of what
 * identifies it (the version and package QEMU's greeting states, and the path, size and modification time of the
 * executable the peer process runs, read from {@code /proc/PID/exe} through the socket's peer credentials). A
 * rebuilt or upgraded QEMU gets a new file; the file holds command and argument names only, not the whole schema.
 *
 * <p>When the binary cannot be identified (the peer is another user's process, or the transport is not a socket),
 * the schema is asked of QEMU as if there were no cache. A damaged file is ignored and written again.
 */
public final class QmpSchemaCache implements QmpSchemaSource {
    private final Path folder;

    public QmpSchemaCache(Path folder) {
        this.folder = folder;
    }

    /**
     * The user's cache: {@code $XDG_CACHE_HOME/kvmctl/qmp-schema}, or {@code ~/.cache/kvmctl/qmp-schema}.
     * Empty when neither variable says where that is.
     */
    public static Optional<QmpSchemaCache> forUser(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Optional.of(new QmpSchemaCache(Path.of(xdg, "kvmctl", "qmp-schema")));
        }
        String home = env.get("HOME");
        if (home != null && home.startsWith("/")) {
            return Optional.of(new QmpSchemaCache(Path.of(home, ".cache", "kvmctl", "qmp-schema")));
        }
        return Optional.empty();
    }

    public Path folder() {
        return folder;
    }

    @Override
    public QmpSchema schemaFor(QmpClient client, Duration timeout) throws IOException {
        Optional<Path> file = fileFor(client);
        if (file.isEmpty()) {
            return QmpSchema.load(client, timeout);
        }
        Optional<QmpSchema> kept = read(file.get());
        if (kept.isPresent()) {
            return kept.get();
        }
        QmpSchema fetched = QmpSchema.load(client, timeout);
        write(file.get(), fetched);
        return fetched;
    }

    /** The file for the binary behind {@code client}, or empty when it cannot be told apart from others. */
    Optional<Path> fileFor(QmpClient client) {
        OptionalInt pid = client.peerPid();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        Path exe = Path.of("/proc", Integer.toString(pid.getAsInt()), "exe");
        try {
            Path binary = Files.readSymbolicLink(exe);
            BasicFileAttributes attrs = Files.readAttributes(exe, BasicFileAttributes.class);
            return Optional.of(folder.resolve(fileName(
                    client.greeting().version(),
                    binary.toString(),
                    attrs.size(),
                    attrs.lastModifiedTime().toMillis())));
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // another user's QEMU: its exe link is not ours to read
        }
    }

    /** The cache file's name for one binary: a digest, so paths with any characters make a safe name. */
    static String fileName(QemuVersion version, String binary, long size, long modifiedMillis) {
        String identity = String.join(
                "\n",
                version.major() + "." + version.minor() + "." + version.micro(),
                version.pkg(),
                binary,
                Long.toString(size),
                Long.toString(modifiedMillis));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    private static Optional<QmpSchema> read(Path file) {
        try {
            return Optional.of(QmpSchema.fromCacheJson(Json.MAPPER.readTree(Files.readString(file))));
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            return Optional.empty(); // missing or damaged: fetch and write it again
        }
    }

    /**
     * Written to a temporary file and moved into place, so a reader never sees half a file; a failure to write
     * costs the next call a fetch, nothing more.
     */
    private void write(Path file, QmpSchema schema) {
        try {
            Files.createDirectories(
                    folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path temp = Files.createTempFile(folder, "schema", ".tmp");
            try {
                Files.writeString(temp, Json.MAPPER.writeValueAsString(schema.toCacheJson()));
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | JacksonException e) {
            // A read-only home or a full disk: validation still works, it just is not kept.
        }
    }
}
