package io.kvmctl.probe;

import java.util.List;

/** A {@code qemu-system-*} found on PATH, its first {@code --version} line and its {@code -accel help} list. */
public record QemuBinary(String path, String version, List<String> accelerators) {
    public QemuBinary {
        accelerators = List.copyOf(accelerators);
    }

    /** Parses {@code -accel help} output: a header line, then one accelerator name per line. */
    public static List<String> parseAccelerators(String text) {
        return text.lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.endsWith(":") && !l.contains(" "))
                .toList();
    }
}
