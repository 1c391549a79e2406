package io.kvmctl.web.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SerialSeamTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void cutsFromTheScrollbackWhatTheSocketDeliveredAndQemuThenLogged() {
        byte[] logged = b("boot\nlogin: root\n# ls\n");
        byte[] live = b("# ls\nbin etc\n"); // "# ls\n" was on the socket, then logged; "bin etc\n" is not logged yet
        int overlap = SerialSeam.overlap(logged, 5, live);
        assertEquals(5, overlap);
        assertEquals(
                "boot\nlogin: root\n# ls\nbin etc\n",
                new String(SerialSeam.scrollback(logged, overlap, 1024), StandardCharsets.US_ASCII)
                        + new String(live, StandardCharsets.US_ASCII));
    }

    @Test
    void keepsWhatWasLoggedBeforeTheConnectionEvenWhenTheLiveStreamRepeatsIt() {
        // "ok\n" before the connection and again live: the live one is new output, not a repeat of the log.
        byte[] logged = b("ok\n");
        assertEquals(0, SerialSeam.overlap(logged, 0, b("ok\n")));
    }

    @Test
    void keepsTheLoggedGrowthThatNeverReachedTheSocket() {
        // printed while QEMU had not accepted us yet: only in the log, and nothing on the socket matches it
        byte[] logged = b("old\nlost?\n");
        assertEquals(0, SerialSeam.overlap(logged, 6, b("next\n")));
        assertArrayEquals(logged, SerialSeam.scrollback(logged, 0, 1024));
    }

    @Test
    void findsTheOverlapWhenOnlyPartOfTheGrowthWasOnTheSocket() {
        byte[] logged = b("old\nbefore-accept\nafter\n");
        byte[] live = b("after\nmore");
        int overlap = SerialSeam.overlap(logged, 19, live);
        assertEquals(6, overlap);
        assertArrayEquals(b("old\nbefore-accept\n"), SerialSeam.scrollback(logged, overlap, 1024));
    }

    @Test
    void sendsAtMostTheLastMaxBytes() {
        assertArrayEquals(b("6789"), SerialSeam.scrollback(b("0123456789"), 0, 4));
        assertArrayEquals(b("4567"), SerialSeam.scrollback(b("0123456789"), 2, 4));
    }
}
