package io.kvmctl.hardening;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The IP sockets a process has bound, read from {@code /proc/PID/fd} (socket inodes) and {@code /proc/net/tcp*},
 * {@code udp*}: what {@code ss -lntup} shows for one process, without parsing a tool's output.
 */
final class ProcessSockets {
    /** One bound socket: TCP in LISTEN state, or any bound UDP socket. */
    record Bound(String protocol, InetAddress address, int port) {
        @Override
        public String toString() {
            return protocol + " " + address.getHostAddress() + ":" + port;
        }
    }

    private static final String TCP_LISTEN = "0A";

    private ProcessSockets() {}

    static List<Bound> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the fd was closed between listing and reading: not a socket we need
                }
            }
        }
        List<Bound> out = new ArrayList<>();
        for (String table : new String[] {"tcp", "tcp6", "udp", "udp6"}) {
            Path file = Path.of("/proc/net", table);
            if (Files.isReadable(file)) {
                out.addAll(parse(table, Files.readAllLines(file), inodes));
            }
        }
        return out;
    }

    /** Rows of one {@code /proc/net/TABLE} whose inode is in {@code inodes}; TCP rows only in LISTEN state. */
    static List<Bound> parse(String table, List<String> lines, Set<String> inodes) {
        List<Bound> out = new ArrayList<>();
        boolean tcp = table.startsWith("tcp");
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !inodes.contains(f[9]) || (tcp && !f[3].equals(TCP_LISTEN))) {
                continue;
            }
            String[] hostPort = f[1].split(":");
            out.add(new Bound(tcp ? "tcp" : "udp", address(hostPort[0]), Integer.parseInt(hostPort[1], 16)));
        }
        return out;
    }

    /** The kernel prints addresses as 32-bit words in host (little-endian) order. */
    static InetAddress address(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] bytes = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                bytes[word + i] = raw[word + 3 - i];
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hex, e);
        }
    }
}
