package io.kvmctl.qmp;

import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The QEMU side of a QMP connection, scripted by a test: it owns one end of a socketpair, and the client under
 * test gets the other. Each method waits at most {@link #WAIT}, so a broken client fails the test, not hangs it.
 */
final class FakeQmpServer implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7},"
            + " \"package\": \"Debian 1:7.2+dfsg-7\"}, \"capabilities\": [\"oob\"]}}";

    final UnixSocket socket;
    final QmpClient client;
    private final JsonFramer framer = new JsonFramer(QmpOptions.DEFAULT_MAX_MESSAGE_BYTES);
    private final ArrayDeque<JsonNode> received = new ArrayDeque<>();

    private FakeQmpServer(UnixSocket socket, QmpClient client) {
        this.socket = socket;
        this.client = client;
    }

    /** A client connected to a fake server that greeted it and accepted qmp_capabilities. */
    static FakeQmpServer start(QmpOptions options) throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        CompletableFuture<QmpClient> connecting = CompletableFuture.supplyAsync(() -> {
            try {
                return QmpClient.over(pair[0], options);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        FakeQmpServer server = new FakeQmpServer(pair[1], null);
        server.send(GREETING);
        JsonNode caps = server.receive();
        server.reply(caps, "{}");
        return new FakeQmpServer(pair[1], connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS)).withReceived(server);
    }

    static FakeQmpServer start() throws Exception {
        return start(QmpOptions.defaults().withCommandTimeout(WAIT));
    }

    private FakeQmpServer withReceived(FakeQmpServer other) {
        received.addAll(other.received);
        return this;
    }

    /** The next command the client sent. */
    JsonNode receive() throws IOException {
        byte[] buf = new byte[65536];
        while (received.isEmpty()) {
            int n = socket.read(buf, 0, buf.length, WAIT);
            if (n < 0) {
                throw new IOException("client closed the connection");
            }
            framer.feed(
                    buf,
                    0,
                    n,
                    (bytes, length) ->
                            received.add(Json.MAPPER.readTree(new String(bytes, 0, length, StandardCharsets.UTF_8))));
        }
        return received.pollFirst();
    }

    void send(String json) throws IOException {
        sendRaw((json + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.write(bytes, 0, bytes.length, WAIT);
    }

    /** Answers {@code command} with {@code {"return": value, "id": <its id>}}. */
    void reply(JsonNode command, String value) throws IOException {
        send("{\"return\": " + value + ", \"id\": " + command.get("id") + "}");
    }

    void replyError(JsonNode command, String errorClass, String desc) throws IOException {
        send("{\"error\": {\"class\": \"" + errorClass + "\", \"desc\": \"" + desc + "\"}, \"id\": " + command.get("id")
                + "}");
    }

    void event(String name, String data) throws IOException {
        send("{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 5}, \"event\": \"" + name + "\""
                + (data == null ? "" : ", \"data\": " + data) + "}");
    }

    @Override
    public void close() {
        socket.close();
        if (client != null) {
            client.close();
        }
    }
}
