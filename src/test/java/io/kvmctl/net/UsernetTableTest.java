package io.kvmctl.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UsernetTableTest {
    /** Verbatim from QEMU 7.2 (CRLF line ends), two hubs. */
    static final String TWO_HUBS = "Hub -1 (net0):\r\n"
            + "  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ\r\n"
            + "  TCP[HOST_FORWARD]  16       127.0.0.1 42099       10.0.2.15    81     0     0\r\n"
            + "  TCP[HOST_FORWARD]   9       127.0.0.1 35937       10.0.2.15    80     0     0\r\n"
            + "  TCP[ESTABLISHED]   20       10.0.2.15 51000       10.0.2.2     80     0     0\r\n"
            + "Hub -1 (net1):\r\n"
            + "  Protocol[State]    FD  Source Address  Port   Dest. Address  Port RecvQ SendQ\r\n"
            + "  UDP[HOST_FORWARD]   8       127.0.0.1 49044       10.0.2.15    53     0     0\r\n";

    @Test
    void readsHostForwardRowsPerNetdevInTheOrderTheyWereAdded() {
        assertEquals(
                List.of(
                        new UsernetTable.Row("net0", "tcp", "127.0.0.1", 35937, "10.0.2.15", 80),
                        new UsernetTable.Row("net0", "tcp", "127.0.0.1", 42099, "10.0.2.15", 81),
                        new UsernetTable.Row("net1", "udp", "127.0.0.1", 49044, "10.0.2.15", 53)),
                UsernetTable.forwards(TWO_HUBS));
    }

    @Test
    void anEmptyTableHasNoRows() {
        assertEquals(List.of(), UsernetTable.forwards(""));
        assertEquals(List.of(), UsernetTable.forwards("Hub -1 (net0):\r\n  Protocol[State]    FD ...\r\n"));
    }
}
