package io.kvmctl.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a VM's runtime files live: {@code $XDG_RUNTIME_DIR/kvmctl/NAME}, or {@code /run/kvmctl/NAME} for root.
 * One place for these names, so {@code cmdline}, {@code up} and a re-attaching kvmctl agree.
 */
public record RuntimeLayout(Path base) {
    /** AF_UNIX socket paths are limited to 107 bytes (sun_path is 108 with the NUL). */
    public static final int MAX_SOCKET_PATH = 107;

    /** The layout for a user: root uses /run/kvmctl; others $XDG_RUNTIME_DIR/kvmctl, else TMPDIR/kvmctl-USER. */
    public static RuntimeLayout forUser(boolean root, Map<String, String> env, String userName) {
        if (root) {
            return new RuntimeLayout(Path.of("/run/kvmctl"));
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            return new RuntimeLayout(Path.of(xdg, "kvmctl"));
        }
        return new RuntimeLayout(Path.of(env.getOrDefault("TMPDIR", "/tmp"), "kvmctl-" + userName));
    }

    /** The layout for this process (root is told by the owner of /proc/self, i.e. the effective uid). */
    public static RuntimeLayout forThisProcess() {
        boolean root;
        try {
            root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            root = "root".equals(System.getProperty("user.name"));
        }
        return forUser(root, System.getenv(), System.getProperty("user.name"));
    }

    public Path runtimeDir(String vmName) {
        return base.resolve(vmName);
    }

    public Path qmpSocket(String vmName) {
        return runtimeDir(vmName).resolve("qmp.sock");
    }

    public Path serialSocket(String vmName) {
        return runtimeDir(vmName).resolve("serial.sock");
    }

    public Path serialLog(String vmName) {
        return runtimeDir(vmName).resolve("serial.log");
    }

    public Path stderrLog(String vmName) {
        return runtimeDir(vmName).resolve("qemu.stderr");
    }

    public Path pidFile(String vmName) {
        return runtimeDir(vmName).resolve("qemu.pid");
    }

    /** What kvmctl records about the VM (argv, profile, start time), for a later kvmctl to re-attach. */
    public Path stateFile(String vmName) {
        return runtimeDir(vmName).resolve("state.json");
    }

    /** The lock that makes a second {@code up} of the same name fail. */
    public Path lockFile(String vmName) {
        return runtimeDir(vmName).resolve("lock");
    }
}
