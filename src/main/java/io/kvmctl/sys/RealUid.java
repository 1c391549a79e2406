package io.kvmctl.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's real user id, read once from {@code /proc/self/status} (its {@code Uid:} line). */
final class RealUid {
    static final int VALUE = read(Path.of("/proc/self/status"));

    private RealUid() {}

    static int read(Path status) {
        try {
            return parse(Files.readString(status));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + status + " for this process's user id", e);
        }
    }

    /** The first field of the {@code Uid:} line: real, effective, saved and filesystem ids follow in that order. */
    static int parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring("Uid:".length()).strip().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no Uid: line in /proc/self/status");
    }
}
