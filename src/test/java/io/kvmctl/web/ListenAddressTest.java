package io.kvmctl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ListenAddressTest {
    @Test
    void parsesAddressesAndTellsLoopback() {
        assertEquals(new ListenAddress("127.0.0.1", 0), ListenAddress.parse("127.0.0.1:0"));
        assertEquals(new ListenAddress("::1", 7080), ListenAddress.parse("[::1]:7080"));
        assertTrue(ListenAddress.parse("[::1]:7080").loopback());
        assertTrue(ListenAddress.parse("127.0.0.2:1").loopback());
        assertFalse(ListenAddress.parse("0.0.0.0:0").loopback());
        assertEquals("[::1]", ListenAddress.parse("[::1]:7080").urlHost());
    }

    @Test
    void badOnesSayWhatIsExpected() {
        var e = assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("7080"));
        assertTrue(e.getMessage().contains("ADDRESS:PORT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("127.0.0.1:70800"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("127.0.0.1:x"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("a b:1"));
    }
}
