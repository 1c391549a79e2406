package io.kvmctl.qmp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.testing.FuzzBytes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * A hostile or broken QEMU, played by a {@link ScriptedTransport} that the fuzzer scripts: the greeting, then for
 * each command a reply with the right, a wrong, no or a duplicate id, errors and values of the wrong JSON types,
 * huge numbers, events with bad names and timestamps, garbage, silence, a second greeting, an abrupt close, and
 * the client closing at the same time. The client must never hang: every call returns or fails with one of the
 * documented exceptions within its own timeout (plus a generous margin), and once the stream ended every call
 * fails with {@link QmpConnectionClosedException}, so the reader thread did not die unnoticed.
 */
class QmpClientFuzzTest {
    /**
     * Timeouts of calls and event waits. While fuzzing, short: a reply that was sent arrives within microseconds
     * once the JVM is warm, and every silent script waits one out. On the seeds (regression mode, a cold JVM)
     * longer, so that a seed's reply is not turned into a timeout and the path it was written for is taken.
     */
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null
            && !System.getenv("JAZZER_FUZZ").isEmpty();

    private static final Duration TIMEOUT = Duration.ofMillis(FUZZING ? 20 : 300);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(FUZZING ? 100 : 1000);
    /** Far above any timeout used here: a call that takes longer hangs. Not a performance bound. */
    private static final long HANG_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** With their subclasses, e.g. {@link QmpUnexpectedReplyException}, a {@link QmpException}. */
    private static final Set<Class<? extends IOException>> DOCUMENTED = Set.of(
            QmpException.class,
            QmpTimeoutException.class,
            QmpConnectionClosedException.class,
            QmpProtocolException.class);

    private static final String[] GREETINGS = {
        "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 19, \"minor\": 2, \"major\": 7}, \"package\": \"Debian"
                + " 1:7.2+dfsg-7+deb12u16\"}, \"capabilities\": [\"oob\"]}}\r\n",
        "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 0, \"major\": 10}, \"package\": \"v10.0.0\"},"
                + " \"capabilities\": [\"oob\"]}}\r\n",
    };
    private static final String[] ODD_VALUES = {
        "{}",
        "[]",
        "null",
        "true",
        "\"text\"",
        "-1",
        "1e999999",
        "123456789012345678901234567890",
        "-9223372036854775809",
        "{\"status\": 7, \"running\": \"yes\"}",
        "[{\"name\": {}}, 3, null]",
        "{\"actual\": \"big\", \"status\": [], \"ram\": 5, \"error-desc\": {}}",
        "[{\"cpu-index\": \"0\", \"qom-path\": [], \"thread-id\": 1e300, \"target\": {}}]",
        "{\"qemu\": {\"major\": \"7\"}, \"package\": []}",
        "{\"fdset-id\": \"x\", \"fd\": 1.5}",
        "[{\"name\": \"stop\", \"meta-type\": \"command\", \"arg-type\": {}}, {\"name\": [], \"meta-type\": 1},"
                + " {\"name\": \"0\", \"meta-type\": \"object\", \"members\": [{\"name\": 5}],"
                + " \"variants\": [{\"type\": []}]}]",
    };

    @FuzzTest
    void hostileServerNeverHangsTheClient(byte[] input) throws Exception {
        FuzzBytes data = new FuzzBytes(input);
        ScriptedTransport server = new ScriptedTransport();
        // Mostly a real greeting: a junk one ends the run at connect, which the codec fuzz test covers.
        server.send(data.choose(8) != 0 ? GREETINGS[data.choose(2)] : data.string(200));
        server.onCommand(command -> answer(server, command, data));
        QmpOptions options = QmpOptions.defaults()
                .withConnectTimeout(CONNECT_TIMEOUT)
                .withCommandTimeout(TIMEOUT)
                .withMaxMessageBytes(4096)
                .withEventQueueSize(4);
        QmpClient client;
        try {
            client = bounded("connect", () -> QmpClient.over(server, options));
        } catch (IOException e) {
            documented("connect", e);
            return;
        }
        try (EventSubscription events = client.subscribe(null)) {
            int calls = 1 + data.choose(6);
            for (int i = 0; i < calls && client.isOpen(); i++) {
                call(client, events, data);
            }
            while (!data.exhausted() && !data.bool()) {
                answer(server, null, data); // unsolicited traffic after the last call
            }
            if (data.bool()) {
                // QEMU goes away while the client closes: both ends fail the same calls at once.
                CompletableFuture<Void> closing = CompletableFuture.runAsync(client::close);
                server.endOfStream();
                closing.get(HANG_NANOS, TimeUnit.NANOSECONDS);
            } else {
                server.endOfStream();
            }
            // The reader must notice the end (the subscription then fails), not die or hang before it. Waiting
            // for that first also keeps a reply queued before the end from answering the command below.
            try {
                while (true) {
                    if (events.poll(Duration.ofSeconds(5)).isEmpty()) {
                        throw new AssertionError("the client did not notice QEMU's end of stream within 5 s");
                    }
                }
            } catch (QmpConnectionClosedException expected) {
                // the end was reported to event consumers
            }
            // After that nothing may wait for a reply that cannot come: not a timeout, a closed error.
            try {
                bounded("after end of stream", () -> client.execute("query-status", null, Duration.ofSeconds(5)));
                throw new AssertionError("a command succeeded after QEMU closed the connection");
            } catch (QmpConnectionClosedException expected) {
                // the reader saw the end and said so
            }
            noUndocumentedCause(client.failure());
        } finally {
            client.close();
        }
    }

    /** One client call chosen by the fuzzer; only documented failures are allowed. */
    private static void call(QmpClient client, EventSubscription events, FuzzBytes data) throws Exception {
        int which = data.choose(14);
        try {
            bounded("call " + which, () -> switch (which) {
                case 0 -> client.execute("query-status");
                case 1 -> new QmpCommands(client).queryStatus();
                case 2 -> new QmpCommands(client).queryVersion();
                case 3 -> new QmpCommands(client).queryCommands();
                case 4 -> new QmpCommands(client).queryBalloon();
                case 5 -> new QmpCommands(client).queryMigrate();
                case 6 -> new QmpCommands(client).queryCpusFast();
                case 7 -> new QmpCommands(client).humanMonitorCommand("info status");
                case 8 -> client.awaitEvent(data.bool() ? null : "STOP", null, TIMEOUT);
                case 9 -> events.poll(Duration.ZERO);
                case 10 -> pipelined(client);
                case 12 -> client.schema();
                case 13 -> new QmpCommands(client).addFd(0, null, null);
                default -> client.executeAndAwait("stop", null, "STOP", null, TIMEOUT);
            });
        } catch (IOException e) {
            documented("call " + which, e);
        }
    }

    /** Two commands in flight at once; a reply meant for one must never complete the other. */
    private static List<JsonNode> pipelined(QmpClient client) throws IOException {
        CompletableFuture<JsonNode> a = client.submit("query-status", null);
        CompletableFuture<JsonNode> b = client.submit("query-name", null);
        try {
            return List.of(
                    a.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS), b.get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            a.cancel(false);
            b.cancel(false);
            throw QmpTimeoutException.noReply("query-status", TIMEOUT);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new AssertionError("a pipelined command failed with " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** What the scripted QEMU does for one command (null: unsolicited), chosen by the fuzzer. */
    private static void answer(ScriptedTransport server, JsonNode command, FuzzBytes data) {
        String id = command == null ? "\"0\"" : command.path("id").toString();
        switch (data.choose(15)) {
            case 0 -> server.send("{\"return\": {}, \"id\": " + id + "}\n");
            case 1 -> server.send("{\"return\": " + odd(data) + ", \"id\": " + id + "}\n");
            case 2 -> server.send("{\"return\": {}, \"id\": " + (data.bool() ? "\"999\"" : odd(data)) + "}\n");
            case 3 -> server.send("{\"return\": {}}\n");
            case 4 ->
                server.send(
                        "{\"return\": {}, \"id\": " + id + "}\n{\"return\": " + odd(data) + ", \"id\": " + id + "}\n");
            case 5 ->
                server.send("{\"id\": " + id + ", \"error\": {\"class\": " + odd(data) + ", \"desc\": " + odd(data)
                        + "}}\n");
            case 6 -> server.send("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error\"}}\n");
            case 7 ->
                server.send("{\"event\": " + (data.bool() ? "\"STOP\"" : odd(data))
                        + ", \"data\": " + odd(data) + ", \"timestamp\": {\"seconds\": " + data.anyLong()
                        + ", \"microseconds\": " + data.anyLong() + "}}\n");
            case 8 -> server.send(data.string(300));
            case 9 -> {} // silence: the caller times out
            case 10 -> {
                server.send("{\"return\": {\"status\": \"runn");
                server.endOfStream();
            }
            case 11 -> server.send(GREETINGS[data.choose(2)]);
            case 12 -> {
                byte[] reply = ("{\"return\": {\"status\": \"running\", \"running\": true}, \"id\": " + id + "}\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                for (byte b : reply) {
                    server.send(new byte[] {b});
                }
            }
            case 13 ->
                server.send("{\"return\": " + odd(data) + ", \"id\": " + id + ", \"event\": " + odd(data) + "}\n");
            default -> server.endOfStream();
        }
    }

    private static String odd(FuzzBytes data) {
        return data.bool()
                ? ODD_VALUES[data.choose(ODD_VALUES.length)]
                : "\"" + data.string(40).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void documented(String what, IOException e) {
        if (DOCUMENTED.stream().noneMatch(type -> type.isInstance(e))) {
            throw new AssertionError(
                    what + " failed with an undocumented " + e.getClass().getName() + ": " + e, e);
        }
        noUndocumentedCause(e);
    }

    /**
     * A documented failure may wrap an IOException, and the "not valid JSON" failure wraps the JSON parser's
     * error; any other runtime exception in the chain is a bug (the reader thread died of it).
     */
    private static void noUndocumentedCause(Throwable failure) {
        Throwable wrapper = null;
        for (Throwable t = failure; t != null; wrapper = t, t = t.getCause()) {
            boolean parseError = wrapper instanceof QmpProtocolException
                    && wrapper.getMessage().contains("is not valid JSON");
            if ((t instanceof RuntimeException && !parseError) || t instanceof Error) {
                throw new AssertionError("the QMP connection failed because of a bug: " + t, t);
            }
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private static <T> T bounded(String what, Call<T> call) throws IOException {
        long start = System.nanoTime();
        try {
            return call.run();
        } finally {
            long took = System.nanoTime() - start;
            if (took > HANG_NANOS) {
                throw new AssertionError(what + " hung for " + TimeUnit.NANOSECONDS.toMillis(took) + " ms");
            }
        }
    }
}
