package io.kvmctl.vm;

import io.kvmctl.unix.UnixServerSocket;
import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A QMP monitor that behaves like QEMU's towards a second client: it serves one client at a time and does not
 * accept the next until the first leaves, so the next one waits in the backlog and hears nothing. It greets with
 * {@code minor} as QEMU's minor version so a test can tell monitors apart, after {@code greetingDelay}.
 */
final class OneClientMonitor implements AutoCloseable {
    private final UnixServerSocket server;
    private final Thread thread;

    OneClientMonitor(Path path, int minor, Duration greetingDelay) throws IOException {
        this.server = UnixServerSocket.listen(path);
        this.thread = Thread.ofPlatform().daemon().start(() -> serve(minor, greetingDelay));
    }

    private void serve(int minor, Duration greetingDelay) {
        byte[] buf = new byte[4096];
        while (true) {
            try (UnixSocket client = server.accept(Duration.ofMinutes(5))) {
                Thread.sleep(greetingDelay);
                send(
                        client,
                        "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": " + minor
                                + ", \"major\": 7}, \"package\": \"\"}, \"capabilities\": []}}");
                StringBuilder pending = new StringBuilder();
                int n;
                while ((n = client.read(buf, 0, buf.length, Duration.ofMinutes(5))) > 0) {
                    pending.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    int end;
                    while ((end = pending.indexOf("\n")) >= 0) { // kvmctl ends each command with a newline
                        var command = io.kvmctl.qmp.Json.MAPPER.readTree(pending.substring(0, end));
                        pending.delete(0, end + 1);
                        send(client, "{\"return\": {}, \"id\": " + command.get("id") + "}");
                    }
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                return; // closed by the test
            }
        }
    }

    private static void send(UnixSocket client, String json) throws IOException {
        byte[] bytes = (json + "\r\n").getBytes(StandardCharsets.UTF_8);
        client.write(bytes, 0, bytes.length, Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        server.close();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
