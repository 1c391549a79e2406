package io.kvmctl.vm;

import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A program's view of a VM's serial console: send text to the guest and wait for lines from it. Lines the guest
 * printed before we attached are taken from the serial log, later ones from the socket. QEMU serves one console
 * client at a time, so while this is open {@code kvmctl console} waits.
 */
public final class SerialConsole implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_LINES = 100_000;

    private final UnixSocket socket;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final Thread reader;
    private boolean closed;

    private SerialConsole(UnixSocket socket, List<String> earlier) {
        this.socket = socket;
        this.lines.addAll(earlier);
        this.reader = Thread.ofPlatform().daemon().name("kvmctl-serial-reader").start(this::readLoop);
    }

    public static SerialConsole attach(Vm vm) throws IOException {
        return attach(vm.directory());
    }

    public static SerialConsole attach(VmDirectory dir) throws IOException {
        // Connect first, then read the log: what was printed before the connection is in the log, what comes
        // after arrives on the socket (a line may be seen twice, never missed).
        UnixSocket socket = UnixSocket.connect(dir.serialSocket(), CONNECT_TIMEOUT);
        List<String> earlier = Files.exists(dir.serialLog())
                ? Files.readString(dir.serialLog(), StandardCharsets.ISO_8859_1)
                        .lines()
                        .map(SerialConsole::clean)
                        .toList()
                : List.of();
        return new SerialConsole(socket, earlier);
    }

    /**
     * Sends text to the guest as typed (add "\n" to end a command line). QEMU feeds it to the guest's UART only
     * as fast as the guest reads, and drops what is still pending when this console closes: wait for an answer
     * (or the echo) before closing.
     */
    public void send(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.write(bytes, 0, bytes.length, CONNECT_TIMEOUT);
    }

    /** Waits for the first line (seen so far or coming) that {@code pattern} finds something in. */
    public String awaitLine(Pattern pattern, Duration timeout) throws IOException {
        return awaitLineAfter(0, pattern, timeout);
    }

    /** Like {@link #awaitLine} but only among lines from index {@code from} on (see {@link #lineCount()}). */
    public synchronized String awaitLineAfter(int from, Pattern pattern, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = from;
        while (true) {
            for (; next < lines.size(); next++) {
                if (pattern.matcher(lines.get(next)).find()) {
                    return lines.get(next);
                }
            }
            long left = deadline - System.nanoTime();
            if (closed || left <= 0) {
                String last = lines.isEmpty() ? "(nothing)" : lines.getLast();
                throw new IOException((closed
                                ? "the serial console closed"
                                : "no line matching /" + pattern + "/ within " + timeout.toMillis() + " ms")
                        + "; the guest's last line: " + last);
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for /" + pattern + "/");
            }
        }
    }

    /** How many lines have been seen; pass it to {@link #awaitLineAfter} to wait only for new ones. */
    public synchronized int lineCount() {
        return lines.size();
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The last line matching {@code pattern} seen so far. */
    public synchronized Optional<String> lastMatch(Pattern pattern) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (pattern.matcher(lines.get(i)).find()) {
                return Optional.of(lines.get(i));
            }
        }
        return Optional.empty();
    }

    private void readLoop() {
        byte[] buf = new byte[8192];
        try {
            while (true) {
                int n = socket.read(buf, 0, buf.length, Duration.ofHours(1));
                if (n < 0) {
                    break;
                }
                synchronized (this) {
                    for (int i = 0; i < n; i++) {
                        char c = (char) (buf[i] & 0xff);
                        if (c == '\n') {
                            lines.add(clean(partial.toString()));
                            partial.setLength(0);
                            if (lines.size() > MAX_LINES) {
                                lines.subList(0, lines.size() - MAX_LINES).clear();
                            }
                        } else {
                            partial.append(c);
                        }
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // closed under us or QEMU went away: waiters learn it through 'closed'
        }
        synchronized (this) {
            closed = true;
            notifyAll();
        }
    }

    private static String clean(String line) {
        return line.replace("\r", "");
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
