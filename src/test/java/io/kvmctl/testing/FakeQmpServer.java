package io.kvmctl.testing;

import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpOptions;
import io.kvmctl.unix.UnixServerSocket;
import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The QEMU side of QMP, for tests without QEMU. Two ways to run it:
 *
 * <ul>
 *   <li>{@link #connected()}: one conversation over a socketpair that the test drives step by step
 *       ({@link #receive}, {@link #reply}, {@link #event}, {@link #send}, {@link #sendRaw}) while {@link #client()}
 *       is the {@link QmpClient} under test: for protocol edge cases (events before replies, unknown ids, huge
 *       lines, abrupt close).
 *   <li>{@link #listening}: a socket at a path, as {@code -qmp unix:PATH,server=on}, for the CLI: it greets, accepts
 *       {@code qmp_capabilities} (then sends the lines given for that moment) and answers every other command with
 *       the lines a script returns. Connections are served one after another, like QEMU.
 * </ul>
 *
 * Every wait is bounded, so a broken client fails the test instead of hanging it.
 */
public final class FakeQmpServer implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    public static final String GREETING =
            "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7},"
                    + " \"package\": \"Debian 1:7.2+dfsg-7\"}, \"capabilities\": [\"oob\"]}}";
    /** Stands for the command's id in the lines of {@link #replyLine} and {@link #errorLine}. */
    private static final String ID = "\"id\": ID}";
    /** How long a listening server waits for a client to connect or speak. */
    private static final Duration IDLE = Duration.ofMinutes(1);

    private final Conversation conversation;
    private final QmpClient client;
    private final UnixServerSocket listener;
    private final Thread serving;
    private volatile Conversation current;

    private FakeQmpServer(Conversation conversation, QmpClient client) {
        this.conversation = conversation;
        this.client = client;
        this.listener = null;
        this.serving = null;
    }

    private FakeQmpServer(
            UnixServerSocket listener, List<String> afterCapabilities, Function<JsonNode, List<String>> script) {
        this.conversation = null;
        this.client = null;
        this.listener = listener;
        this.serving = Thread.ofPlatform().daemon().start(() -> serve(afterCapabilities, script));
    }

    /** A client connected to a fake server that greeted it and accepted qmp_capabilities. */
    public static FakeQmpServer connected(QmpOptions options) throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        CompletableFuture<QmpClient> connecting = CompletableFuture.supplyAsync(() -> {
            try {
                return QmpClient.over(pair[0], options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Conversation qemu = new Conversation(pair[1]);
        qemu.send(GREETING);
        JsonNode caps = qemu.receive(WAIT);
        qemu.send(withId(replyLine("{}"), caps));
        return new FakeQmpServer(qemu, connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    /** {@link #connected(QmpOptions)} with commands that time out after {@link #WAIT}. */
    public static FakeQmpServer connected() throws Exception {
        return connected(QmpOptions.defaults().withCommandTimeout(WAIT));
    }

    /**
     * A server at {@code path}: after {@code qmp_capabilities} it sends {@code afterCapabilities} (events, say),
     * and it answers every other command with the lines {@code script} returns for it (build them with
     * {@link #replyLine}, {@link #errorLine} and {@link #eventLine}).
     */
    public static FakeQmpServer listening(
            Path path, List<String> afterCapabilities, Function<JsonNode, List<String>> script) throws IOException {
        return new FakeQmpServer(UnixServerSocket.listen(path), List.copyOf(afterCapabilities), script);
    }

    /** A reply line for {@link #listening} scripts: {@code {"return": value, "id": <the command's id>}}. */
    public static String replyLine(String value) {
        return "{\"return\": " + value + ", " + ID;
    }

    /** An error reply line for {@link #listening} scripts. */
    public static String errorLine(String errorClass, String desc) {
        return "{\"error\": {\"class\": \"" + errorClass + "\", \"desc\": \"" + desc + "\"}, " + ID;
    }

    /** An event line; {@code data} null leaves the member out. */
    public static String eventLine(String name, String data) {
        return "{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 0}, \"event\": \"" + name + "\""
                + (data == null ? "" : ", \"data\": " + data) + "}";
    }

    /** The client under test ({@link #connected} only). */
    public QmpClient client() {
        return connectedOnly().client;
    }

    /** The server's end of the socketpair ({@link #connected} only), e.g. to shut it down under the client. */
    public UnixSocket socket() {
        return connectedOnly().conversation.socket;
    }

    /** The next command the client sent. */
    public JsonNode receive() throws IOException {
        return connectedOnly().conversation.receive(WAIT);
    }

    /** Sends one JSON text and the line end QEMU writes. */
    public void send(String json) throws IOException {
        connectedOnly().conversation.send(json);
    }

    /** Sends bytes as they are: broken JSON, partial lines, huge ones. */
    public void sendRaw(byte[] bytes) throws IOException {
        connectedOnly().conversation.sendRaw(bytes);
    }

    /** Answers {@code command} with {@code {"return": value, "id": <its id>}}. */
    public void reply(JsonNode command, String value) throws IOException {
        send(withId(replyLine(value), command));
    }

    public void replyError(JsonNode command, String errorClass, String desc) throws IOException {
        send(withId(errorLine(errorClass, desc), command));
    }

    public void event(String name, String data) throws IOException {
        send(eventLine(name, data));
    }

    private FakeQmpServer connectedOnly() {
        if (conversation == null) {
            throw new IllegalStateException("a listening FakeQmpServer is driven by its script");
        }
        return this;
    }

    private static String withId(String line, JsonNode command) {
        return line.endsWith(ID)
                ? line.substring(0, line.length() - ID.length()) + "\"id\": " + command.get("id") + "}"
                : line;
    }

    private void serve(List<String> afterCapabilities, Function<JsonNode, List<String>> script) {
        while (true) {
            try (Conversation qemu = new Conversation(listener.accept(IDLE))) {
                current = qemu;
                qemu.send(GREETING);
                while (true) {
                    JsonNode command;
                    try {
                        command = qemu.receive(IDLE);
                    } catch (ClientGone gone) {
                        break; // serve the next one
                    }
                    List<String> lines = new ArrayList<>();
                    if (command.path("execute").asString().equals("qmp_capabilities")) {
                        lines.add(replyLine("{}"));
                        lines.addAll(afterCapabilities);
                    } else {
                        lines.addAll(script.apply(command));
                    }
                    for (String line : lines) {
                        qemu.send(withId(line, command));
                    }
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        if (conversation != null) {
            conversation.close();
            if (client != null) {
                client.close();
            }
            return;
        }
        listener.close();
        Conversation c = current;
        if (c != null) {
            c.close(); // like QEMU exiting: the client sees the connection end
        }
        try {
            serving.join(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The client closed its end. */
    private static final class ClientGone extends IOException {
        private static final long serialVersionUID = 1L;

        ClientGone() {
            super("client closed the connection");
        }
    }

    /** One connection: commands in, one per line (the client ends each with a line feed), lines out. */
    private static final class Conversation implements AutoCloseable {
        final UnixSocket socket;
        private byte[] pending = new byte[65536];
        private int start;
        private int end;

        Conversation(UnixSocket socket) {
            this.socket = socket;
        }

        JsonNode receive(Duration timeout) throws IOException {
            while (true) {
                for (int i = start; i < end; i++) {
                    if (pending[i] == '\n') {
                        String line = new String(pending, start, i - start, StandardCharsets.UTF_8);
                        start = i + 1;
                        if (!line.isBlank()) {
                            return Json.MAPPER.readTree(line);
                        }
                    }
                }
                if (end == pending.length) {
                    // Keep the partial line, at the front, in a buffer with room for more.
                    byte[] next = pending;
                    if (end - start > pending.length / 2) {
                        next = Arrays.copyOf(pending, pending.length * 2);
                    }
                    System.arraycopy(pending, start, next, 0, end - start);
                    pending = next;
                    end -= start;
                    start = 0;
                }
                int n = socket.read(pending, end, pending.length - end, timeout);
                if (n < 0) {
                    throw new ClientGone();
                }
                end += n;
            }
        }

        void send(String json) throws IOException {
            sendRaw((json + "\r\n").getBytes(StandardCharsets.UTF_8));
        }

        void sendRaw(byte[] bytes) throws IOException {
            socket.write(bytes, 0, bytes.length, WAIT);
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
