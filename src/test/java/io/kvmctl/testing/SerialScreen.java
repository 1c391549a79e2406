package io.kvmctl.testing;

import io.kvmctl.unix.UnixSocket;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A full-screen program on a VM's serial console (GRUB's menu, the Debian installer's newt dialogs), read as text.
 * Such programs draw with cursor moves and colours and end few lines: the installer's first dialog sits after the
 * console's last newline, where {@link io.kvmctl.vm.SerialConsole}, which waits for complete lines, never looks.
 * Here the raw output is kept whole and searched with the escape sequences taken out.
 */
public final class SerialScreen implements AutoCloseable {
    /** CSI sequences that place the cursor: they become a line break, so text from two places never joins. */
    private static final Pattern CURSOR_MOVE = Pattern.compile("\u001b\\[[0-9;]*[Hf]");
    /** Other CSI sequences (colours, erasing, modes), character-set switches and other two-byte escapes. */
    private static final Pattern OTHER_ESCAPE =
            Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u001b[=>78DEHMc]");

    private final UnixSocket socket;
    private final StringBuilder raw = new StringBuilder();

    private SerialScreen(UnixSocket socket, String earlier) {
        this.socket = socket;
        raw.append(earlier);
    }

    /** Connects to the VM's console; what the guest printed before is taken from the serial log. */
    public static SerialScreen attach(Vm vm) throws IOException {
        // Connect first, then read the log: nothing is missed between the two (some text may be seen twice).
        UnixSocket socket = vm.rawConsole();
        try {
            var log = vm.directory().serialLog();
            String earlier = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            return new SerialScreen(socket, earlier);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The guest's output without escape sequences, carriage returns and backspaces. */
    public static String text(String raw) {
        String moved = CURSOR_MOVE.matcher(raw).replaceAll("\n");
        return OTHER_ESCAPE.matcher(moved).replaceAll("").replace("\r", "").replace("\b", "");
    }

    /** Where the output read so far ends: pass it to {@link #awaitTextAfter} to look only at what comes next. */
    public synchronized int mark() {
        return raw.length();
    }

    /** Waits until {@code pattern} finds something in the text of all output, and returns what it found. */
    public String awaitText(Pattern pattern, Duration timeout) throws IOException {
        return awaitTextAfter(0, pattern, timeout);
    }

    /** Like {@link #awaitText}, in the output from {@code mark} on. */
    public synchronized String awaitTextAfter(int mark, Pattern pattern, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[8192];
        while (true) {
            Matcher m = pattern.matcher(text(raw.substring(mark)));
            if (m.find()) {
                return m.group();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no text matching /" + pattern + "/ on the serial console within "
                        + timeout.toSeconds() + " s; its last text: " + tail(text(raw.substring(mark))));
            }
            if (!socket.awaitReadable(Duration.ofNanos(left))) {
                continue; // the deadline has passed: the check above says so
            }
            int n = socket.read(buf, 0, buf.length, Duration.ofSeconds(1));
            if (n < 0) {
                throw new IOException("the serial console closed while waiting for /" + pattern + "/; its last text: "
                        + tail(text(raw.substring(mark))));
            }
            raw.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
    }

    /** Types {@code keys} (a terminal's bytes: "\u001b[B" is the down arrow, "\r" is Enter). */
    public void send(String keys) throws IOException {
        byte[] bytes = keys.getBytes(StandardCharsets.ISO_8859_1);
        socket.write(bytes, 0, bytes.length, Duration.ofSeconds(5));
    }

    private static String tail(String text) {
        String squeezed = text.replaceAll("\\s+", " ").strip();
        return squeezed.isEmpty() ? "(nothing)" : squeezed.substring(Math.max(0, squeezed.length() - 300));
    }

    @Override
    public void close() {
        socket.close();
    }
}
