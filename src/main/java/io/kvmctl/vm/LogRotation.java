package io.kvmctl.vm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A log kept as {@code NAME}, {@code NAME.1}, ... {@code NAME.(files-1)}, newest first, each at most
 * {@code maxFileBytes}: an append that would pass the cap of {@code NAME} fills it, shifts every file up by one
 * (dropping the oldest) and goes on in a new {@code NAME}, as virtlogd and logrotate's {@code size} rule do. So a
 * log never holds more than {@code files * maxFileBytes}, and what it drops is always the oldest.
 *
 * <p>The default, 4 files of 2 MiB, is virtlogd's ({@code max_size = 2097152}, {@code max_backups = 3}), so a VM's
 * logs take as much room under kvmctl as under libvirt: at most 8 MiB for each of the two logs, while a busybox or
 * a quiet distribution boot writes a few kB to the serial port and a verbose kernel boot some 100 kB, so the
 * last dozens of runs are kept.
 */
record LogRotation(long maxFileBytes, int files) {
    static final LogRotation DEFAULT = new LogRotation(2L << 20, 4);

    private static final Set<StandardOpenOption> APPEND =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_READ_WRITE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    LogRotation {
        if (maxFileBytes < 1 || files < 1) {
            throw new IllegalArgumentException("a log needs at least one file of at least one byte");
        }
    }

    /** The most a log keeps: older bytes are dropped. */
    long capacity() {
        return maxFileBytes * files;
    }

    /** Appends all of {@code content} to the log {@code name} in {@code folder}, rotating where it fills a file. */
    void append(Path folder, String name, InputStream content) throws IOException {
        Path current = folder.resolve(name);
        byte[] buffer = new byte[64 * 1024];
        long used = Files.exists(current) ? Files.size(current) : 0;
        FileChannel out = null;
        try {
            while (true) {
                if (used >= maxFileBytes) {
                    if (out != null) {
                        out.close();
                        out = null;
                    }
                    rotate(folder, name);
                    used = 0;
                }
                int n = content.read(buffer, 0, (int) Math.min(buffer.length, maxFileBytes - used));
                if (n < 0) {
                    return;
                }
                if (out == null) {
                    out = FileChannel.open(current, APPEND, OWNER_READ_WRITE);
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                used += n;
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }

    /** The files of log {@code name} that exist, oldest first: reading them in this order gives the log in order. */
    List<Path> oldestFirst(Path folder, String name) {
        List<Path> existing = new ArrayList<>();
        for (int i = files - 1; i >= 0; i--) {
            Path p = file(folder, name, i);
            if (Files.isRegularFile(p)) {
                existing.add(p);
            }
        }
        return existing;
    }

    private void rotate(Path folder, String name) throws IOException {
        Files.deleteIfExists(file(folder, name, files - 1));
        for (int i = files - 2; i >= 0; i--) {
            Path from = file(folder, name, i);
            if (Files.exists(from)) {
                Files.move(from, file(folder, name, i + 1), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static Path file(Path folder, String name, int index) {
        return folder.resolve(index == 0 ? name : name + "." + index);
    }
}
