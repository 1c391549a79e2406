package io.kvmctl.qmp;

import io.kvmctl.files.UserCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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

    /** In the user's cache ({@link UserCache}): {@code ~/.cache/kvmctl/qmp-schema}. */
    public static Optional<QmpSchemaCache> forUser(Map<String, String> env) {
        return UserCache.folder(env).map(folder -> new QmpSchemaCache(folder.resolve("qmp-schema")));
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
            return UserCache.read(file).map(text -> QmpSchema.fromCacheJson(Json.MAPPER.readTree(text)));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty(); // damaged: fetch and write it again
        }
    }

    private static void write(Path file, QmpSchema schema) {
        UserCache.write(file, Json.MAPPER.writeValueAsString(schema.toCacheJson()));
    }
}
