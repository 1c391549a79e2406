package io.kvmctl.testimages;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;

/**
 * A deliberately bare QMP connection (JDK {@link SocketChannel} over AF_UNIX, lines matched as text) so that
 * these tests check the images independently of kvmctl's own QMP client. Every read has a deadline: the channel
 * is non-blocking and waits in a {@link Selector}.
 */
final class RawQmp implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final StringBuilder pending = new StringBuilder();
    private final Deque<String> lines = new ArrayDeque<>();

    private RawQmp(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /** Connects, reads the greeting and leaves capabilities negotiation mode. */
    static RawQmp connect(Path socket, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            RawQmp qmp = new RawQmp(channel, selector);
            qmp.awaitLine("the QMP greeting", l -> l.contains("\"QMP\""), timeout);
            qmp.execute("qmp_capabilities", timeout);
            return qmp;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Sends a command without arguments and returns its reply line (events read meanwhile are skipped). */
    String execute(String command, Duration timeout) throws IOException {
        ByteBuffer out = StandardCharsets.UTF_8.encode("{\"execute\":\"" + command + "\"}\n");
        while (out.hasRemaining()) {
            channel.write(out); // a few bytes into an empty socket buffer: never short in practice
        }
        return awaitLine(
                "the reply to " + command, l -> l.startsWith("{\"return\"") || l.startsWith("{\"error\""), timeout);
    }

    /** Returns the next line that matches, skipping the others. */
    String awaitLine(String what, Predicate<String> matches, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer in = ByteBuffer.allocate(8192);
        while (true) {
            while (!lines.isEmpty()) {
                String line = lines.poll();
                if (matches.test(line)) {
                    return line;
                }
            }
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new AssertionError("no " + what + " from QMP within " + timeout.toSeconds() + " s");
            }
            selector.select(leftMs);
            selector.selectedKeys().clear();
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                throw new AssertionError("QMP connection closed while waiting for " + what);
            }
            pending.append(StandardCharsets.UTF_8.decode(in.flip()));
            for (int nl; (nl = pending.indexOf("\n")) >= 0; ) {
                lines.add(pending.substring(0, nl).strip());
                pending.delete(0, nl + 1);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try (channel;
                selector) {
            // both closed, channel last
        }
    }
}
