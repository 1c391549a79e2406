package io.kvmctl.unix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketHoldersTest {
    @Test
    void readsTheInodeOfASocketLinkOnly() {
        assertEquals(OptionalLong.of(159003), SocketHolders.socketInode("socket:[159003]"));
        assertEquals(OptionalLong.empty(), SocketHolders.socketInode("/dev/null"));
        assertEquals(OptionalLong.empty(), SocketHolders.socketInode("pipe:[42]"));
        assertEquals(OptionalLong.empty(), SocketHolders.socketInode("anon_inode:[eventfd]"));
        assertEquals(OptionalLong.empty(), SocketHolders.socketInode("socket:[oops]"));
    }

    @Test
    void findsEveryProcessHoldingEachInodeInPidOrder() {
        // What ls -l /proc/*/fd shows: a shell, socat holding the client end, and a child that inherited it.
        Map<Integer, List<String>> links = Map.of(
                4321, List.of("/dev/pts/0", "/dev/pts/0", "socket:[777]", "socket:[777]"),
                1200, List.of("/dev/null", "pipe:[31]"),
                4400, List.of("socket:[777]", "socket:[888]"),
                99, List.of("socket:[501]"));
        assertEquals(Map.of(777L, List.of(4321, 4400)), SocketHolders.holders(links, Set.of(777L, 12345L)));
    }

    @Test
    void theCommandNameIsCommWithoutItsNewline() {
        assertEquals("socat", SocketHolders.command("socat\n"));
    }
}
