package io.kvmctl.web.console;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads ranges of a VM's serial log, which QEMU appends to; a log not written yet reads as empty. */
final class SerialLogFile {
    private SerialLogFile() {}

    static long size(Path log) throws IOException {
        try {
            return Files.size(log);
        } catch (NoSuchFileException notYet) {
            return 0;
        }
    }

    /** The bytes from {@code from} to {@code to} (or as many as the file has, should it have been cut meanwhile). */
    static byte[] read(Path log, long from, long to) throws IOException {
        if (to <= from || !Files.exists(log)) {
            return new byte[0];
        }
        try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
            long end = Math.min(to, in.length());
            if (end <= from) {
                return new byte[0];
            }
            byte[] bytes = new byte[(int) (end - from)];
            in.seek(from);
            in.readFully(bytes);
            return bytes;
        }
    }
}
