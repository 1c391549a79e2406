package io.kvmctl.text;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises "no space left on device" (ENOSPC as Java, qemu-img and QEMU word it) in an error text and says what
 * to do. Every writer that can meet a full disk appends it, so the user learns which file system to clear.
 */
public final class DiskFull {
    private DiskFull() {}

    public static boolean means(String errorText) {
        return errorText != null && errorText.toLowerCase(Locale.ROOT).contains("no space left on device");
    }

    /**
     * "; the file system of DIR is full: free space there ('df -h DIR') and retry", when
     * {@code errorText} says so; empty otherwise.
     */
    public static Optional<String> hint(String errorText, Path file) {
        if (!means(errorText)) {
            return Optional.empty();
        }
        Path dir = file.toAbsolutePath().getParent();
        return Optional.of(
                "; the file system of " + dir + " is full: free space there ('df -h " + dir + "') and retry");
    }
}
