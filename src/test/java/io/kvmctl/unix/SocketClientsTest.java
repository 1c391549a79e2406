package io.kvmctl.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketClientsTest {
    private static final long FILE = 9001;
    private static final long DEV = 0x1a;

    @TempDir
    Path dir;

    private static SocketClients.ProcessView processes(Map<Long, List<Integer>> holders, Map<Integer, String> names) {
        return new SocketClients.ProcessView() {
            @Override
            public Map<Long, List<Integer>> holders(Set<Long> inodes) {
                return holders;
            }

            @Override
            public String command(int pid) {
                return names.getOrDefault(pid, "?");
            }
        };
    }

    @Test
    void theClientIsWhoeverHoldsThePeerOfAnAcceptedConnection() throws IOException {
        List<UnixSocketDiag.Entry> table = List.of(
                new UnixSocketDiag.Entry(500, UnixSocketDiag.TCP_LISTEN, FILE, DEV, 0),
                new UnixSocketDiag.Entry(501, UnixSocketDiag.TCP_ESTABLISHED, FILE, DEV, 777),
                new UnixSocketDiag.Entry(777, UnixSocketDiag.TCP_ESTABLISHED, 0, 0, 501),
                // In the backlog: the kernel shows inode 0 until the server accepts it.
                new UnixSocketDiag.Entry(0, UnixSocketDiag.TCP_ESTABLISHED, FILE, DEV, 888),
                // Another socket file's connection.
                new UnixSocketDiag.Entry(601, UnixSocketDiag.TCP_ESTABLISHED, 9002, DEV, 999));
        var clients = SocketClients.of(
                table, FILE, DEV, processes(Map.of(777L, List.of(4321), 999L, List.of(1)), Map.of(4321, "socat")));
        assertEquals(List.of(new SocketClient(777, 4321, "socat")), clients);
        assertEquals("pid 4321 (socat)", clients.getFirst().describe());
    }

    @Test
    void aClientThisUserCannotSeeIsStillCounted() throws IOException {
        List<UnixSocketDiag.Entry> table =
                List.of(new UnixSocketDiag.Entry(501, UnixSocketDiag.TCP_ESTABLISHED, FILE, DEV, 777));
        var clients = SocketClients.of(table, FILE, DEV, processes(Map.of(), Map.of()));
        assertEquals(List.of(new SocketClient(777, 0, "?")), clients);
        assertTrue(
                clients.getFirst().describe().contains("cannot see"),
                clients.getFirst().describe());
    }

    @Test
    void aListenerWithoutConnectionsHasNoClients() throws IOException {
        List<UnixSocketDiag.Entry> table =
                List.of(new UnixSocketDiag.Entry(500, UnixSocketDiag.TCP_LISTEN, FILE, DEV, 0));
        assertEquals(List.of(), SocketClients.of(table, FILE, DEV, processes(Map.of(), Map.of())));
    }

    @Test
    void namesThisProcessAsTheClientOfALiveAcceptedConnectionButNotOfOneInTheBacklog() throws IOException {
        Path path = dir.resolve("m.sock");
        try (UnixServerSocket server = UnixServerSocket.listen(path);
                UnixSocket client = UnixSocket.connect(path, Duration.ofSeconds(5))) {
            assertEquals(List.of(), SocketClients.of(path), "not accepted yet: nobody holds the server");
            try (UnixSocket accepted = server.accept(Duration.ofSeconds(5))) {
                List<SocketClient> clients = SocketClients.of(path);
                assertEquals(1, clients.size(), clients.toString());
                assertEquals(ProcessHandle.current().pid(), clients.getFirst().pid());
                assertEquals(
                        java.nio.file.Files.readString(Path.of("/proc/self/comm"))
                                .strip(),
                        clients.getFirst().command());
                assertTrue(client.isOpen() && accepted.isOpen());
            }
        }
    }
}
