package io.kvmctl.web.console;

import java.util.Arrays;

/**
 * Where the serial log (the scrollback) ends and the live stream from QEMU's serial socket begins. QEMU writes each
 * chunk of guest output to the connected client first and then appends it to the log, in one thread; so everything
 * the socket delivered before the log was measured is also at the end of the log, and the first bytes read from the
 * socket may repeat the last bytes of the log. Those repeated bytes are cut from the scrollback.
 */
final class SerialSeam {
    private SerialSeam() {}

    /**
     * How many bytes at the end of {@code logged} are also the first bytes of {@code live}: the longest such run
     * within the last {@code sinceConnect} bytes of {@code logged} (the log's growth since the socket was
     * connected; nothing older can be on the socket). The longest run is taken, which is exact unless the guest
     * printed the same bytes twice within the few milliseconds of connecting, when at most that repeat is lost.
     */
    static int overlap(byte[] logged, int sinceConnect, byte[] live) {
        int limit = Math.min(Math.min(sinceConnect, logged.length), live.length);
        for (int k = limit; k > 0; k--) {
            if (Arrays.equals(logged, logged.length - k, logged.length, live, 0, k)) {
                return k;
            }
        }
        return 0;
    }

    /** The scrollback to send: {@code logged} without its last {@code overlap} bytes, at most {@code max} of them. */
    static byte[] scrollback(byte[] logged, int overlap, int max) {
        int end = logged.length - overlap;
        return Arrays.copyOfRange(logged, Math.max(0, end - max), end);
    }
}
