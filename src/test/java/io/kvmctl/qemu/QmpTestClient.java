package io.kvmctl.qemu;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A throw-away QMP client for the integration tests of this package, until the project's QMP client exists: one
 * command at a time, events skipped, every read bounded by a deadline.
 */
final class QmpTestClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private final StringBuilder pending = new StringBuilder();
    final JsonNode greeting;

    private QmpTestClient(SocketChannel channel, Duration timeout) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        this.greeting = readMessage(Instant.now().plus(timeout));
        execute("qmp_capabilities", timeout);
    }

    /** Connects once QEMU has created the socket; fails if QEMU exits first or the timeout passes. */
    static QmpTestClient connect(Path socket, Process qemu, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!qemu.isAlive()) {
                throw new IOException("QEMU exited with " + qemu.exitValue() + " before QMP was ready");
            }
            if (Files.exists(socket)) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    return new QmpTestClient(ch, timeout);
                } catch (IOException e) {
                    ch.close();
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("no QMP socket at " + socket + " after " + timeout);
            }
            // A test helper only: the lifecycle code waits on the process and the socket without polling.
            qemu.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** Runs {@code command} and returns its {@code return} value; an {@code error} reply throws. */
    JsonNode execute(String command, Duration timeout) throws IOException {
        return send(("{\"execute\":\"" + command + "\"}\n"), command, timeout);
    }

    /** Like {@link #execute(String, Duration)}, with {@code arguments}. */
    JsonNode execute(String command, tools.jackson.databind.node.ObjectNode arguments, Duration timeout)
            throws IOException {
        tools.jackson.databind.node.ObjectNode msg = JSON.createObjectNode().put("execute", command);
        msg.set("arguments", arguments);
        return send(JSON.writeValueAsString(msg) + "\n", command, timeout);
    }

    private JsonNode send(String text, String command, Duration timeout) throws IOException {
        byte[] line = text.getBytes(StandardCharsets.UTF_8);
        channel.write(ByteBuffer.wrap(line));
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode msg = readMessage(deadline);
            if (msg.has("return")) {
                return msg.get("return");
            }
            if (msg.has("error")) {
                throw new IOException(command + ": " + msg.get("error"));
            }
        }
    }

    private JsonNode readMessage(Instant deadline) throws IOException {
        while (true) {
            int nl = pending.indexOf("\n");
            if (nl >= 0) {
                String line = pending.substring(0, nl);
                pending.delete(0, nl + 1);
                return JSON.readTree(line);
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0 || selector.select(left) == 0) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("QMP timed out; read so far: " + pending);
                }
                continue;
            }
            selector.selectedKeys().clear();
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                throw new IOException("QMP connection closed; read so far: " + pending);
            }
            pending.append(new String(buffer.array(), 0, n, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
