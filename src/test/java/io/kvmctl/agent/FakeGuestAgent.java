package io.kvmctl.agent;

import io.kvmctl.unix.UnixSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plays qemu-ga on the other end of a socket pair: answers syncs, and other commands through {@code reply}. */
public final class FakeGuestAgent implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final UnixSocket client;
    final UnixSocket guest;
    public final List<JsonNode> received = new CopyOnWriteArrayList<>();
    public volatile Function<JsonNode, String> reply;
    public volatile String staleBeforeSync = "";
    public volatile boolean sawResetByte;
    private final Thread thread;

    public FakeGuestAgent(Function<JsonNode, String> reply) throws IOException {
        UnixSocket[] pair = UnixSocket.pair();
        this.client = pair[0];
        this.guest = pair[1];
        this.reply = reply;
        this.thread = Thread.ofVirtual().start(this::serve);
    }

    private void serve() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            while (true) {
                int n = guest.read(buf, 0, buf.length, Duration.ofSeconds(10));
                if (n < 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if ((buf[i] & 0xff) == 0xff) {
                        sawResetByte = true;
                        line.reset();
                    } else if (buf[i] == '\n') {
                        answer(JSON.readTree(line.toString(StandardCharsets.UTF_8)));
                        line.reset();
                    } else {
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the client closed
        }
    }

    private void answer(JsonNode command) throws IOException {
        received.add(command);
        String out;
        if (command.path("execute").asString().equals("guest-sync-delimited")) {
            out = staleBeforeSync + "\u00ff{\"return\": "
                    + command.path("arguments").path("id").asLong() + "}\n";
        } else {
            String r = reply.apply(command);
            if (r == null) {
                return;
            }
            out = r + "\n";
        }
        byte[] bytes = out.getBytes(StandardCharsets.ISO_8859_1);
        guest.write(bytes, 0, bytes.length, Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        client.close();
        guest.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
