package io.kvmctl.vm;

import io.kvmctl.files.UserCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * What a QEMU binary printed for a question that depends on the binary alone ({@code -machine help},
 * {@code -help}), kept in the user's cache ({@code qemu-help/}) under the binary's real path, size, modification
 * time and inode, so that {@code kvmctl cmdline} or {@code up} does not start QEMU twice (0.1 s each) before the
 * QEMU that runs the VM. A binary changed in any of those is asked again. Only answers that were accepted (the
 * caller parsed them) are written.
 */
final class QemuHelpCache {
    private QemuHelpCache() {}

    static Optional<String> read(Path realPath, BasicFileAttributes binary, String question) {
        return file(realPath, binary, question).flatMap(UserCache::read);
    }

    static void write(Path realPath, BasicFileAttributes binary, String question, String output) {
        file(realPath, binary, question).ifPresent(f -> UserCache.write(f, output));
    }

    private static Optional<Path> file(Path realPath, BasicFileAttributes binary, String question) {
        return UserCache.folder(System.getenv())
                .map(folder -> folder.resolve("qemu-help").resolve(fileName(realPath, binary, question)));
    }

    static String fileName(Path realPath, BasicFileAttributes binary, String question) {
        Object inode = binary.fileKey();
        String identity = String.join(
                "\n",
                realPath.toString(),
                Long.toString(binary.size()),
                Long.toString(binary.lastModifiedTime().toMillis()),
                inode == null ? "" : inode.toString(),
                question);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + ".txt";
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** For tests: the folder answers go to under {@code env}. */
    static Optional<Path> folder(Map<String, String> env) {
        return UserCache.folder(env).map(f -> f.resolve("qemu-help"));
    }
}
