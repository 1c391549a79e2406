package io.kvmctl.firmware;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the firmware descriptors installed on this host, in the search order of QEMU's firmware.json: the user's
 * {@code $XDG_CONFIG_HOME/qemu/firmware} (not for root), {@code /etc/qemu/firmware}, then
 * {@code /usr/share/qemu/firmware}. A file name in an earlier folder hides the same name in a later one (an empty
 * file there hides it altogether); the result is in file name order, which is the priority order.
 */
public final class InstalledFirmware {
    private InstalledFirmware() {}

    /**
     * Replaces the search path with its folders (separated by {@code :}): for a firmware build kept elsewhere, and
     * for tests that need a host without OVMF.
     */
    public static final String ENV = "KVMCTL_FIRMWARE_DIRS";

    /** The folders searched on this host, first one winning: {@value #ENV}'s when set, else QEMU's. */
    public static List<Path> searchPath() {
        String explicit = System.getenv(ENV);
        if (explicit != null && !explicit.isBlank()) {
            List<Path> dirs = new ArrayList<>();
            for (String dir : explicit.split(":")) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
            return dirs;
        }
        List<Path> dirs = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            String config = System.getenv("XDG_CONFIG_HOME");
            Path base = config != null && !config.isEmpty()
                    ? Path.of(config)
                    : Path.of(System.getProperty("user.home"), ".config");
            dirs.add(base.resolve("qemu/firmware"));
        }
        dirs.add(Path.of("/etc/qemu/firmware"));
        dirs.add(Path.of("/usr/share/qemu/firmware"));
        return dirs;
    }

    /** The UEFI descriptors kvmctl can run, from {@link #searchPath()}. */
    public static List<FirmwareDescriptor> descriptors() throws IOException {
        return descriptors(searchPath());
    }

    /**
     * The UEFI descriptors in {@code dirs}, in priority order; descriptors naming files that do not exist are left
     * out (a package removed without its descriptor), as are ones that are not descriptors.
     */
    public static List<FirmwareDescriptor> descriptors(List<Path> dirs) throws IOException {
        TreeMap<String, Path> byName = new TreeMap<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path file : files) {
                    byName.putIfAbsent(file.getFileName().toString(), file);
                }
            }
        }
        List<FirmwareDescriptor> found = new ArrayList<>();
        for (Path file : byName.values()) {
            if (Files.size(file) == 0) {
                continue;
            }
            Optional<FirmwareDescriptor> d;
            try {
                d = FirmwareDescriptor.parse(file, Files.readString(file));
            } catch (IllegalArgumentException notADescriptor) {
                continue;
            }
            d.filter(x -> Files.isReadable(x.code()) && Files.isReadable(x.varsTemplate()))
                    .ifPresent(found::add);
        }
        return found;
    }
}
