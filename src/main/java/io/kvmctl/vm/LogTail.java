package io.kvmctl.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, read from its end so a large log costs nothing. */
public final class LogTail {
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {}

    public static List<String> lastLines(Path file, int lines) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            List<String> nonEmpty = Arrays.stream(all).filter(l -> !l.isBlank()).toList();
            return nonEmpty.subList(Math.max(0, nonEmpty.size() - lines), nonEmpty.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The tail as an indented block for an error message, or "" when the log is empty. */
    static String asBlock(Path file, int lines, String heading) {
        List<String> tail = lastLines(file, lines);
        if (tail.isEmpty()) {
            return "";
        }
        return "\n" + heading + ":\n  " + String.join("\n  ", tail);
    }
}
