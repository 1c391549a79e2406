package io.kvmctl.cli;

import io.kvmctl.qmp.Json;
import io.kvmctl.unix.UnixServerSocket;
import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A QMP server at a path for CLI tests: greets, accepts qmp_capabilities, then answers each command with what
 * {@code handler} returns: a list of JSON lines to send (events and the reply; {@code ID} is replaced by the
 * command's id). Serves connections one after another, like QEMU.
 */
final class ScriptedQmpServer implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, "
            + "\"major\": 7}, \"package\": \"\"}, \"capabilities\": [\"oob\"]}}";

    private final UnixServerSocket server;
    private final Function<JsonNode, List<String>> handler;
    private final List<String> afterCapabilities;
    private final Thread thread;
    private volatile UnixSocket current;

    ScriptedQmpServer(Path path, List<String> afterCapabilities, Function<JsonNode, List<String>> handler)
            throws IOException {
        this.server = UnixServerSocket.listen(path);
        this.handler = handler;
        this.afterCapabilities = afterCapabilities;
        this.thread = Thread.ofPlatform().daemon().start(this::serve);
    }

    static String reply(String value) {
        return "{\"return\": " + value + ", \"id\": ID}";
    }

    static String error(String errorClass, String desc) {
        return "{\"error\": {\"class\": \"" + errorClass + "\", \"desc\": \"" + desc + "\"}, \"id\": ID}";
    }

    static String event(String name, String data) {
        return "{\"timestamp\": {\"seconds\": 1700000000, \"microseconds\": 0}, \"event\": \"" + name + "\", "
                + "\"data\": " + data + "}";
    }

    private void serve() {
        while (true) {
            try (UnixSocket s = server.accept(Duration.ofMinutes(1))) {
                current = s;
                send(s, List.of(GREETING));
                StringBuilder pending = new StringBuilder();
                byte[] buf = new byte[65536];
                while (true) {
                    int n = s.read(buf, 0, buf.length, Duration.ofMinutes(1));
                    if (n < 0) {
                        break;
                    }
                    pending.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    int nl;
                    while ((nl = pending.indexOf("\n")) >= 0) {
                        JsonNode cmd = Json.MAPPER.readTree(pending.substring(0, nl));
                        pending.delete(0, nl + 1);
                        String id = cmd.get("id").toString();
                        List<String> out = new ArrayList<>();
                        if (cmd.get("execute").asString().equals("qmp_capabilities")) {
                            out.add(reply("{}"));
                            out.addAll(afterCapabilities);
                        } else {
                            out.addAll(handler.apply(cmd));
                        }
                        send(s, out.stream().map(line -> line.replace("ID", id)).toList());
                    }
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void send(UnixSocket s, List<String> lines) throws IOException {
        for (String line : lines) {
            byte[] b = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
            s.write(b, 0, b.length, WAIT);
        }
    }

    @Override
    public void close() {
        server.close();
        UnixSocket s = current;
        if (s != null) {
            s.close(); // like QEMU exiting: the client sees the connection end
        }
        try {
            thread.join(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
