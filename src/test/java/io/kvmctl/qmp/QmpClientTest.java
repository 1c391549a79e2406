package io.kvmctl.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.testing.FakeQmpServer;
import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class QmpClientTest {
    private static final Duration WAIT = FakeQmpServer.WAIT;

    @Test
    void parsesGreetingAndNegotiatesWithoutOobByDefault() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        CompletableFuture<QmpClient> connecting = CompletableFuture.supplyAsync(() -> {
            try {
                return QmpClient.over(pair[0], QmpOptions.defaults());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (FakeQmpServer server = FakeQmpServer.connected(QmpOptions.defaults())) {
            assertEquals(
                    new QemuVersion(7, 2, 22, "Debian 1:7.2+dfsg-7"),
                    server.client().greeting().version());
            assertTrue(server.client().greeting().offers("oob"));
            assertFalse(server.client().oobEnabled());
        } finally {
            pair[1].close();
            assertThrows(ExecutionException.class, () -> connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void negotiatesOobWhenOfferedAndAsked() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        CompletableFuture<QmpClient> connecting = CompletableFuture.supplyAsync(() -> {
            try {
                return QmpClient.over(pair[0], QmpOptions.defaults().withOob(true));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] greeting = (FakeQmpServer.GREETING + "\n").getBytes(StandardCharsets.UTF_8);
        pair[1].write(greeting, 0, greeting.length, WAIT);
        byte[] buf = new byte[4096];
        int n = pair[1].read(buf, 0, buf.length, WAIT);
        JsonNode caps = Json.MAPPER.readTree(new String(buf, 0, n, StandardCharsets.UTF_8));
        assertEquals("qmp_capabilities", caps.get("execute").asString());
        assertEquals("oob", caps.path("arguments").path("enable").get(0).asString());
        byte[] reply = ("{\"return\": {}, \"id\": " + caps.get("id") + "}\n").getBytes(StandardCharsets.UTF_8);
        pair[1].write(reply, 0, reply.length, WAIT);
        try (QmpClient client = connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            assertTrue(client.oobEnabled());
        } finally {
            pair[1].close();
        }
    }

    @Test
    void returnsReplyValueAndSendsUniqueIds() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            CompletableFuture<JsonNode> a = server.client().submit("query-status", null);
            CompletableFuture<JsonNode> b = server.client().submit("query-status", null);
            JsonNode first = server.receive();
            JsonNode second = server.receive();
            assertFalse(first.get("id").equals(second.get("id")), "ids must differ");
            server.reply(second, "{\"status\": \"paused\", \"running\": false}");
            server.reply(first, "{\"status\": \"running\", \"running\": true}");
            assertEquals("running", a.get(10, TimeUnit.SECONDS).get("status").asString());
            assertEquals("paused", b.get(10, TimeUnit.SECONDS).get("status").asString());
        }
    }

    @Test
    void replyManyTimesLargerThanTheReadBufferArrivesWhole() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            CompletableFuture<JsonNode> f = server.client().submit("query-qmp-schema", null);
            String big = "x".repeat(300_000); // query-qmp-schema is ~200 KB; the read buffers are 16 KiB
            server.reply(server.receive(), "{\"big\": \"" + big + "\"}");
            assertEquals(big, f.get(10, TimeUnit.SECONDS).get("big").asString());
        }
    }

    @Test
    void mapsErrorReplyToQmpExceptionWithClassAndDescription() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            CompletableFuture<JsonNode> f =
                    server.client().submit("device_del", Json.object().put("id", "nic9"));
            server.replyError(server.receive(), "DeviceNotFound", "Device 'nic9' not found");
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            QmpException q = assertInstanceOf(QmpException.class, e.getCause());
            assertEquals("DeviceNotFound", q.errorClass());
            assertEquals("Device 'nic9' not found", q.description());
            assertEquals("device_del", q.command());
            assertEquals("device_del failed: DeviceNotFound: Device 'nic9' not found", q.getMessage());
            assertTrue(server.client().isOpen());
        }
    }

    @Test
    void deliversEventsSentBeforeAndBetweenReplies() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected();
                EventSubscription events = server.client().subscribe(null, 16)) {
            CompletableFuture<JsonNode> f = server.client().submit("stop", null);
            JsonNode stop = server.receive();
            server.event("STOP", null);
            server.reply(stop, "{}");
            server.event("RESUME", null);
            assertTrue(f.get(10, TimeUnit.SECONDS).isEmpty());
            assertEquals("STOP", events.take(WAIT).name());
            QmpEvent resume = events.take(WAIT);
            assertEquals("RESUME", resume.name());
            assertTrue(resume.data().isObject(), "missing data becomes an empty object");
            assertEquals(1700000000L, resume.timestamp().getEpochSecond());
        }
    }

    @Test
    void dropsReplyWithUnknownIdAndKeepsGoing() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            CompletableFuture<JsonNode> f = server.client().submit("query-status", null);
            JsonNode cmd = server.receive();
            server.send("{\"return\": {\"bogus\": true}, \"id\": \"no-such-id\"}");
            server.reply(cmd, "{\"status\": \"running\", \"running\": true}");
            assertEquals("running", f.get(10, TimeUnit.SECONDS).get("status").asString());
            assertTrue(server.client().isOpen());
        }
    }

    @Test
    void errorWithoutIdFailsTheConnectionAndPendingCommands() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            CompletableFuture<JsonNode> f = server.client().submit("query-status", null);
            server.receive();
            server.send("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, invalid keyword\"}}");
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertInstanceOf(QmpConnectionClosedException.class, e.getCause());
            assertTrue(
                    e.getCause().getMessage().contains("error without id"),
                    e.getCause().getMessage());
            assertTrue(
                    e.getCause().getMessage().contains("invalid keyword"),
                    e.getCause().getMessage());
            assertFalse(server.client().isOpen());
        }
    }

    @Test
    void tooLongMessageFailsTheConnectionWithoutBufferingItAll() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected(
                QmpOptions.defaults().withCommandTimeout(WAIT).withMaxMessageBytes(1024 * 1024))) {
            CompletableFuture<JsonNode> f = server.client().submit("query-status", null);
            server.receive();
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            chunk[0] = '{';
            chunk[1] = '"';
            try {
                for (int i = 0; i < 64; i++) { // 4 MiB, far past the 1 MiB limit, never a line end
                    server.sendRaw(chunk);
                    chunk[0] = 'a';
                    chunk[1] = 'a';
                }
            } catch (IOException expected) {
                // the client hung up once the limit was passed
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertTrue(
                    e.getCause().getMessage().contains("longer than the limit of 1048576 bytes"),
                    e.getCause().getMessage());
            assertFalse(server.client().isOpen());
        }
    }

    @Test
    void invalidUtf8FailsTheConnection() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            CompletableFuture<JsonNode> f = server.client().submit("query-status", null);
            server.receive();
            server.sendRaw(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}', '\n'});
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertTrue(
                    e.getCause().getMessage().contains("not valid UTF-8"),
                    e.getCause().getMessage());
        }
    }

    @Test
    void invalidJsonFailsTheConnection() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            CompletableFuture<JsonNode> f = server.client().submit("query-status", null);
            server.receive();
            server.send("{\"return\": tru}");
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertTrue(
                    e.getCause().getMessage().contains("not valid JSON"),
                    e.getCause().getMessage());
        }
    }

    @Test
    void garbageOutsideAnObjectFailsTheConnection() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            CompletableFuture<JsonNode> f = server.client().submit("query-status", null);
            server.receive();
            server.send("hello");
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertTrue(
                    e.getCause().getMessage().contains("expected '{'"),
                    e.getCause().getMessage());
        }
    }

    @Test
    void abruptCloseFailsEveryPendingCommandAtOnceWithTheCloseReason() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            server.client().setCloseReason(() -> "QEMU exited with status 1");
            List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                futures.add(server.client().submit("query-status", null));
            }
            for (int i = 0; i < 5; i++) {
                server.receive();
            }
            try (EventSubscription events = server.client().subscribe("SHUTDOWN", 4)) {
                server.socket().close();
                for (CompletableFuture<JsonNode> f : futures) {
                    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
                    String message = e.getCause().getMessage();
                    assertInstanceOf(QmpConnectionClosedException.class, e.getCause());
                    assertTrue(
                            message.contains("QMP connection closed while waiting for the reply to query-status"),
                            message);
                    assertTrue(message.contains("QEMU exited with status 1"), message);
                }
                assertThrows(QmpConnectionClosedException.class, () -> events.poll(WAIT));
            }
            IOException late = assertThrows(
                    QmpConnectionClosedException.class, () -> server.client().execute("query-status"));
            assertTrue(late.getMessage().contains("QEMU exited with status 1"), late.getMessage());
        }
    }

    @Test
    void serverThatNeverAnswersTimesOutNamingCommandAndTimeout() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            QmpTimeoutException e = assertThrows(
                    QmpTimeoutException.class,
                    () -> server.client().execute("query-status", null, Duration.ofMillis(200)));
            assertEquals("no reply to query-status within 200ms", e.getMessage());
            assertEquals("query-status", e.command());
            JsonNode abandoned = server.receive();
            // The connection stays usable, and the late reply to the abandoned command is dropped.
            CompletableFuture<JsonNode> next = server.client().submit("query-version", null);
            JsonNode cmd = server.receive();
            server.reply(abandoned, "{\"late\": true}");
            server.reply(cmd, "{\"ok\": 1}");
            assertEquals(1, next.get(10, TimeUnit.SECONDS).get("ok").asInt());
            assertEquals(0, server.client().pendingCount());
        }
    }

    @Test
    void greetingThatNeverComesTimesOut() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try {
            QmpTimeoutException e = assertThrows(
                    QmpTimeoutException.class,
                    () -> QmpClient.over(pair[0], QmpOptions.defaults().withConnectTimeout(Duration.ofMillis(200))));
            assertTrue(e.getMessage().startsWith("no QMP greeting from socketpair[0]"), e.getMessage());
        } finally {
            pair[1].close();
        }
    }

    @Test
    void slowEventConsumerDoesNotStallRepliesAndDropsOldestEvents() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected();
                EventSubscription slow = server.client().subscribe("TICK", 10)) {
            CompletableFuture<JsonNode> f = server.client().submit("query-status", null);
            JsonNode cmd = server.receive();
            for (int i = 0; i < 1000; i++) {
                server.event("TICK", "{\"n\": " + i + "}");
            }
            server.reply(cmd, "{\"status\": \"running\", \"running\": true}");
            // Nobody has consumed an event, yet the reply behind 1000 events arrives.
            assertEquals("running", f.get(10, TimeUnit.SECONDS).get("status").asString());
            assertEquals(10, slow.size());
            assertEquals(990, slow.dropped());
            assertEquals(990, slow.take(WAIT).data().get("n").asInt(), "the oldest were dropped");
        }
    }

    @Test
    void expectEventRegisteredBeforeSendingCatchesEventThatPrecedesTheReply() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            CompletableFuture<QmpEvent> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return new QmpCommands(server.client()).deviceDel("nic1", WAIT);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            JsonNode cmd = server.receive();
            assertEquals("device_del", cmd.get("execute").asString());
            server.event("DEVICE_DELETED", "{\"path\": \"/machine/peripheral/nic1/virtio-backend\"}");
            server.event("DEVICE_DELETED", "{\"device\": \"nic1\", \"path\": \"/machine/peripheral/nic1\"}");
            server.reply(cmd, "{}");
            assertEquals(
                    "/machine/peripheral/nic1",
                    result.get(10, TimeUnit.SECONDS).data().get("path").asString());
        }
    }

    @Test
    void awaitEventTimesOutNamingTheEvent() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            QmpTimeoutException e = assertThrows(
                    QmpTimeoutException.class,
                    () -> server.client().awaitEvent("SHUTDOWN", null, Duration.ofMillis(100)));
            assertEquals("no event SHUTDOWN within 100ms", e.getMessage());
        }
    }

    @Test
    void cancellingASubmittedCommandForgetsIt() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            CompletableFuture<JsonNode> f = server.client().submit("query-status", null);
            JsonNode cmd = server.receive();
            assertTrue(f.cancel(false));
            assertEquals(0, server.client().pendingCount());
            server.reply(cmd, "{}");
            CompletableFuture<JsonNode> g = server.client().submit("query-version", null);
            server.reply(server.receive(), "{\"v\": 2}");
            assertEquals(2, g.get(10, TimeUnit.SECONDS).get("v").asInt());
        }
    }

    @Test
    void prettyPrintedMessagesSpanningLinesAreFramedByBraces() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            CompletableFuture<JsonNode> f = server.client().submit("query-status", null);
            JsonNode cmd = server.receive();
            server.send("{\n    \"return\": {\n        \"desc\": \"a } and { in a \\\" string\"\n    },\n    \"id\": "
                    + cmd.get("id") + "\n}");
            assertEquals(
                    "a } and { in a \" string",
                    f.get(10, TimeUnit.SECONDS).get("desc").asString());
        }
    }

    @Test
    void manyThreadsGetTheirOwnReplies() throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            int threads = 4;
            int each = 200;
            Thread echo = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < threads * each; i++) {
                        JsonNode cmd = server.receive();
                        server.reply(cmd, cmd.path("arguments").toString());
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            List<CompletableFuture<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(CompletableFuture.supplyAsync(
                        () -> {
                            int matched = 0;
                            for (int i = 0; i < each; i++) {
                                try {
                                    JsonNode r = server.client()
                                            .execute(
                                                    "echo",
                                                    Json.object()
                                                            .put("t", thread)
                                                            .put("i", i));
                                    if (r.get("t").asInt() == thread
                                            && r.get("i").asInt() == i) {
                                        matched++;
                                    }
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }
                            return matched;
                        },
                        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
            }
            for (CompletableFuture<Integer> w : workers) {
                assertEquals(each, w.get(30, TimeUnit.SECONDS));
            }
            echo.join(Duration.ofSeconds(10));
        }
    }
}
