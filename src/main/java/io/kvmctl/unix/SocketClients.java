package io.kvmctl.unix;

import io.kvmctl.sys.NetlinkDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The clients connected to a listening socket: whoever keeps a QEMU monitor busy. The server's end of each
 * accepted connection is bound to the socket file (the kernel copies the listener's address to it), so the
 * kernel's socket table ({@link UnixSocketDiag}) gives the accepted ends by the file's device and inode and their
 * peers' inodes; {@code /proc/PID/fd} ({@link SocketHolders}) gives who holds those peers.
 */
public final class SocketClients {
    private SocketClients() {}

    /**
     * The processes connected to the socket at {@code path} and accepted by its server, in pid order. A connection
     * still waiting in the backlog (not yet accepted) is not a client. Empty when there is none.
     *
     * @throws IOException when the socket file or the kernel's socket table cannot be read
     */
    public static List<SocketClient> of(Path path) throws IOException {
        Object ino = Files.getAttribute(path, "unix:ino");
        Object dev = Files.getAttribute(path, "unix:dev");
        long fileInode = ((Number) ino).longValue();
        long device = UnixSocketDiag.kernelDevice(((Number) dev).longValue());
        List<UnixSocketDiag.Entry> table;
        try {
            table = UnixSocketDiag.parse(
                    NetlinkDump.run(NetlinkDump.NETLINK_SOCK_DIAG, UnixSocketDiag.request(), UnixSocketDiag::endsDump));
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read the kernel's unix socket table: " + e.getMessage(), e);
        }
        return of(table, fileInode, device, LIVE);
    }

    /** The processes as seen from here: the live {@code /proc} in production, fixtures in tests. */
    interface ProcessView {
        /** For each inode, the pids holding it (see {@link SocketHolders#holders}). */
        Map<Long, List<Integer>> holders(Set<Long> inodes) throws IOException;

        String command(int pid);
    }

    private static final ProcessView LIVE = new ProcessView() {
        @Override
        public Map<Long, List<Integer>> holders(Set<Long> inodes) throws IOException {
            return SocketHolders.scan(inodes);
        }

        @Override
        public String command(int pid) {
            return SocketHolders.command(pid);
        }
    };

    /** The clients in {@code table} of the socket file ({@code fileInode}, kernel {@code device}). */
    static List<SocketClient> of(List<UnixSocketDiag.Entry> table, long fileInode, long device, ProcessView processes)
            throws IOException {
        Set<Long> peers = table.stream()
                .filter(e -> e.boundTo(fileInode, device))
                .filter(e -> e.state() == UnixSocketDiag.TCP_ESTABLISHED)
                .filter(e -> e.inode() != 0) // 0: still in the backlog, not accepted by the server
                .map(UnixSocketDiag.Entry::peerInode)
                .filter(peer -> peer != 0)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (peers.isEmpty()) {
            return List.of();
        }
        Map<Long, List<Integer>> holders = processes.holders(peers);
        List<SocketClient> clients = new ArrayList<>();
        for (long peer : peers) {
            List<Integer> pids = holders.getOrDefault(peer, List.of());
            if (pids.isEmpty()) {
                clients.add(new SocketClient(peer, 0, "?"));
            }
            pids.forEach(pid -> clients.add(new SocketClient(peer, pid, processes.command(pid))));
        }
        clients.sort(java.util.Comparator.comparingInt(SocketClient::pid));
        return clients;
    }
}
