package io.kvmctl.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The host's network interfaces: facts read from {@code /sys/class/net} (of the network namespace kvmctl runs in),
 * changes made with iproute2's {@code ip}, which is bounded by a timeout. {@code ip} rather than our own netlink
 * code: the three changes kvmctl makes (master, up, delete) are one line each there, and its errors are clear.
 */
public final class HostLinks {
    private static final Path SYS_NET = Path.of("/sys/class/net");
    private static final long IP_TIMEOUT_SECONDS = 10;

    private HostLinks() {}

    public static boolean exists(String name) {
        return Files.exists(SYS_NET.resolve(name));
    }

    public static boolean isBridge(String name) {
        return Files.isDirectory(SYS_NET.resolve(name).resolve("bridge"));
    }

    public static OptionalInt ifindex(String name) {
        try {
            return OptionalInt.of(Integer.parseInt(
                    Files.readString(SYS_NET.resolve(name).resolve("ifindex")).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The bridge an interface is a port of. */
    public static Optional<String> master(String name) {
        Path link = SYS_NET.resolve(name).resolve("master");
        try {
            return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Makes {@code iface} a port of {@code bridge} and brings it up. */
    public static void attachAndUp(String iface, String bridge) throws IOException {
        ip("link", "set", "dev", iface, "master", bridge, "up");
    }

    public static void up(String iface) throws IOException {
        ip("link", "set", "dev", iface, "up");
    }

    public static void delete(String iface) throws IOException {
        ip("link", "del", "dev", iface);
    }

    /** Runs {@code ip ARGS}; fails with its stderr. */
    static void ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run 'ip' (" + e.getMessage() + "): install iproute2", e);
        }
        try {
            p.getOutputStream().close();
            if (!p.waitFor(IP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(
                        "'" + String.join(" ", cmd) + "' did not finish within " + IP_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while running " + String.join(" ", cmd));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IOException("'" + String.join(" ", cmd) + "' failed: " + out);
        }
    }
}
