package io.kvmctl.qmp;

import io.kvmctl.text.Durations;
import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A QMP connection. Thread-safe: any number of threads may execute commands at once; each command carries a
 * unique id and its reply is routed back by that id. One reader thread parses what QEMU sends and hands events
 * to subscribers without ever waiting for them (see {@link EventSubscription} for the overflow policy).
 *
 * <p>Failure handling: a command that gets no reply in time throws {@link QmpTimeoutException} and the connection
 * stays usable (a late reply is dropped). When the connection ends, every pending command and event wait fails at
 * once with {@link QmpConnectionClosedException}, whose message includes {@link #setCloseReason the close
 * reason}. A message from QEMU that is too long, not UTF-8, not JSON, or an error without id ends the connection.
 */
public final class QmpClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(QmpClient.class.getName());

    private final QmpTransport transport;
    private final QmpOptions options;
    private final AtomicLong ids = new AtomicLong();
    private final PendingCommands pending = new PendingCommands();
    private final CopyOnWriteArrayList<EventSink> sinks = new CopyOnWriteArrayList<>();
    private final QmpHandshake handshake = new QmpHandshake();
    private final Object failureLock = new Object();
    private volatile IOException failure;
    private volatile Supplier<String> closeReason = () -> null;
    private volatile QmpSchema schema;
    private final Thread reader;

    private QmpClient(QmpTransport transport, QmpOptions options) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
        QmpReader loop = new QmpReader(transport, options.maxMessageBytes(), new QmpReader.Handler() {
            @Override
            public void message(QmpMessage message) throws QmpProtocolException {
                onMessage(message);
            }

            @Override
            public void ended(IOException cause) {
                // After close() the read fails because we closed it: keep the first, more telling, cause.
                fail(failure != null ? failure : cause, true);
            }
        });
        this.reader = Thread.ofPlatform()
                .daemon()
                .name("qmp-reader " + transport.describe())
                .unstarted(loop);
    }

    /** Connects to QEMU's QMP socket at {@code socket}, reads the greeting and negotiates capabilities. */
    public static QmpClient connect(Path socket, Duration timeout) throws IOException {
        return connect(socket, QmpOptions.defaults().withConnectTimeout(timeout));
    }

    public static QmpClient connect(Path socket, QmpOptions options) throws IOException {
        return connect(socket, options, client -> {});
    }

    /**
     * Like {@link #connect(Path, QmpOptions)}, running {@code beforeCapabilities} after the greeting and before
     * {@code qmp_capabilities}. QEMU sends no events before that command, so subscriptions made in the hook see
     * every event of the connection.
     */
    public static QmpClient connect(Path socket, QmpOptions options, Consumer<QmpClient> beforeCapabilities)
            throws IOException {
        UnixSocket s = UnixSocket.connect(socket, options.connectTimeout());
        return over(new SocketTransport(s, socket.toString()), options, beforeCapabilities);
    }

    /** Speaks QMP over an already connected socket (e.g. one end of a socketpair whose other end QEMU has). */
    public static QmpClient over(UnixSocket socket, QmpOptions options) throws IOException {
        return over(new SocketTransport(socket, socket.description()), options);
    }

    /** {@link #over(UnixSocket, QmpOptions)} with a hook before {@code qmp_capabilities} (see connect). */
    public static QmpClient over(UnixSocket socket, QmpOptions options, Consumer<QmpClient> beforeCapabilities)
            throws IOException {
        return over(new SocketTransport(socket, socket.description()), options, beforeCapabilities);
    }

    /** Speaks QMP over any transport; this is how the protocol is tested against a fake server. */
    public static QmpClient over(QmpTransport transport, QmpOptions options) throws IOException {
        return over(transport, options, client -> {});
    }

    /** {@link #over(QmpTransport, QmpOptions)} with a hook before {@code qmp_capabilities} (see connect). */
    public static QmpClient over(QmpTransport transport, QmpOptions options, Consumer<QmpClient> beforeCapabilities)
            throws IOException {
        QmpClient client = new QmpClient(transport, options);
        try {
            client.reader.start();
            client.handshake.run(client, transport.describe(), options, beforeCapabilities);
            if (options.validateCommands()) {
                client.schema = options.schemaSource().schemaFor(client, options.connectTimeout());
            }
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The greeting QEMU sent: its version and offered capabilities. */
    public QmpGreeting greeting() {
        return handshake.greeting();
    }

    /** The QEMU process at the other end, when the transport can tell (a Unix socket can). */
    public java.util.OptionalInt peerPid() {
        return transport.peerPid();
    }

    /** Whether out-of-band execution was negotiated ({@link QmpOptions#oob()} and QEMU offered it). */
    public boolean oobEnabled() {
        return handshake.oobEnabled();
    }

    /** The schema used for validation, loaded on demand (or at connect with {@link QmpOptions#validateCommands}). */
    public QmpSchema schema() throws IOException {
        QmpSchema s = schema;
        if (s == null) {
            s = options.schemaSource().schemaFor(this, options.commandTimeout());
            schema = s;
        }
        return s;
    }

    public QmpOptions options() {
        return options;
    }

    /** Runs {@code command} without arguments and returns its {@code "return"} value. */
    public JsonNode execute(String command) throws IOException {
        return execute(command, null, options.commandTimeout());
    }

    public JsonNode execute(String command, ObjectNode arguments) throws IOException {
        return execute(command, arguments, options.commandTimeout());
    }

    /**
     * Runs {@code command} and waits at most {@code timeout} for its reply.
     *
     * @throws QmpException                 QEMU answered with an error
     * @throws QmpTimeoutException          no reply in time (the connection stays usable)
     * @throws QmpConnectionClosedException the connection ended first
     */
    public JsonNode execute(String command, ObjectNode arguments, Duration timeout) throws IOException {
        return PendingCommands.await(send(command, arguments, false, null), command, timeout);
    }

    /**
     * Runs {@code command} out of band ({@code exec-oob}): QEMU answers it even while an earlier in-band command
     * is still running. Only commands marked allow-oob qualify, and only after oob was negotiated.
     */
    public JsonNode executeOob(String command, ObjectNode arguments, Duration timeout) throws IOException {
        if (!handshake.oobEnabled()) {
            throw new IllegalStateException("out-of-band execution was not negotiated; connect with "
                    + "QmpOptions.withOob(true) to a QEMU that offers the oob capability");
        }
        return PendingCommands.await(send(command, arguments, true, null), command, timeout);
    }

    /**
     * Sends {@code command} now and returns its reply as a future: many commands can be in flight at once
     * (pipelining). Cancelling the future forgets the command; its late reply is dropped. The future has no
     * timeout of its own: use {@code orTimeout} or {@link #execute(String, ObjectNode, Duration)}.
     */
    public CompletableFuture<JsonNode> submit(String command, ObjectNode arguments) {
        return send(command, arguments, false, null);
    }

    /** Sends {@code command} with {@code fds} attached (SCM_RIGHTS), as {@code getfd} and {@code add-fd} need. */
    public JsonNode executeWithFds(String command, ObjectNode arguments, Duration timeout, int... fds)
            throws IOException {
        if (fds.length == 0) {
            throw new IllegalArgumentException(command + " needs at least one file descriptor to pass");
        }
        return PendingCommands.await(send(command, arguments, false, fds), command, timeout);
    }

    /**
     * Waits for the next event called {@code name} (any name when null) that {@code match} accepts (all when
     * null). Only events arriving after this call count: to catch an event caused by a command, register first
     * with {@link #expectEvent} or use {@link #executeAndAwait}. {@code match} runs on the reader thread, so it
     * must be quick and must not call this client.
     */
    public QmpEvent awaitEvent(String name, Predicate<QmpEvent> match, Duration timeout) throws IOException {
        return expectEvent(name, match).await(timeout);
    }

    /** Registers a wait for one event now; send the command that causes it afterwards, then {@code await}. */
    public EventWaiter expectEvent(String name, Predicate<QmpEvent> match) {
        EventWaiter waiter = new EventWaiter(this, name, match);
        addSink(waiter.sink);
        return waiter;
    }

    /**
     * Registers for the event, runs the command, then waits for the event: the order that cannot lose it.
     * {@code timeout} bounds the command and the event wait together.
     */
    public QmpEvent executeAndAwait(
            String command, ObjectNode arguments, String event, Predicate<QmpEvent> match, Duration timeout)
            throws IOException {
        long start = System.nanoTime();
        try (EventWaiter waiter = expectEvent(event, match)) {
            execute(command, arguments, timeout);
            Duration left = timeout.minusNanos(System.nanoTime() - start);
            try {
                return waiter.await(left.isNegative() ? Duration.ZERO : left);
            } catch (QmpTimeoutException e) {
                throw new QmpTimeoutException(
                        e.command(),
                        timeout,
                        "no event " + event + " after " + command + " within " + Durations.format(timeout));
            }
        }
    }

    /** A bounded queue of events called {@code nameOrNull} (all events when null); close it when done. */
    public EventSubscription subscribe(String nameOrNull, int capacity) {
        EventSubscription subscription = new EventSubscription(this, nameOrNull, capacity);
        addSink(subscription.sink);
        return subscription;
    }

    /** {@link #subscribe(String, int)} with {@link QmpOptions#eventQueueSize()}. */
    public EventSubscription subscribe(String nameOrNull) {
        return subscribe(nameOrNull, options.eventQueueSize());
    }

    /**
     * What to add to the "connection closed" failure of pending calls, e.g. {@code "QEMU exited with status 1"}.
     * Called once, when the connection ends (on the reader thread); it may wait briefly for the process to exit.
     */
    public void setCloseReason(Supplier<String> reason) {
        this.closeReason = reason == null ? () -> null : reason;
    }

    public boolean isOpen() {
        return failure == null;
    }

    /** Why the connection ended, or null while it is open. */
    public IOException failure() {
        return failure;
    }

    /** Commands sent and not yet answered. */
    public int pendingCount() {
        return pending.size();
    }

    /** Closes the connection; pending commands fail with {@link QmpConnectionClosedException}. Idempotent. */
    @Override
    public void close() {
        fail(new QmpConnectionClosedException("the QMP client was closed", null), false);
    }

    // ---- internals ----------------------------------------------------------------------------------------

    private void addSink(EventSink sink) {
        sinks.add(sink);
        IOException f = failure;
        if (f != null) {
            sink.connectionEnded(f);
        }
    }

    void removeSink(EventSink sink) {
        sinks.remove(sink);
    }

    private CompletableFuture<JsonNode> send(String command, ObjectNode arguments, boolean oob, int[] fds) {
        Objects.requireNonNull(command, "command");
        QmpSchema s = schema;
        if (s != null && options.validateCommands()) {
            try {
                s.validate(command, arguments);
            } catch (QmpValidationException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        String id = Long.toString(ids.incrementAndGet());
        byte[] bytes = QmpMessage.encodeCommand(id, command, arguments, oob);
        PendingCommands.Pending p = pending.register(id, command);
        IOException f = failure;
        if (f != null) {
            p.future().completeExceptionally(closedWhileWaiting(f, command));
            return p.future();
        }
        try {
            if (fds == null) {
                transport.write(bytes, 0, bytes.length, options.commandTimeout());
            } else {
                transport.sendWithFds(bytes, options.commandTimeout(), fds);
            }
        } catch (IOException e) {
            // A partly written command leaves the stream unusable: end the connection.
            fail(new QmpConnectionClosedException("sending " + command + " failed: " + e.getMessage(), e), true);
        }
        return p.future();
    }

    private void onMessage(QmpMessage message) throws QmpProtocolException {
        switch (message) {
            case QmpMessage.Greeting g -> handshake.greeted(g.greeting());
            case QmpMessage.Return r -> {
                PendingCommands.Pending p = pending.take(r.id(), "return");
                if (p != null) {
                    p.future().complete(r.value());
                }
            }
            case QmpMessage.Error err -> {
                if (err.id() == null) {
                    throw new QmpProtocolException("QEMU sent an error without id, so it cannot be matched to a "
                            + "command and the stream may be out of step: " + err.errorClass() + ": "
                            + err.description());
                }
                PendingCommands.Pending p = pending.take(err.id(), "error");
                if (p != null) {
                    p.future()
                            .completeExceptionally(new QmpException(p.command(), err.errorClass(), err.description()));
                }
            }
            case QmpMessage.Event e -> {
                for (EventSink sink : sinks) {
                    sink.offer(e.event());
                }
            }
            case QmpMessage.Unknown u ->
                LOG.log(
                        System.Logger.Level.WARNING,
                        "ignoring unknown QMP message {0}",
                        QmpMessage.abbreviate(u.json().toString()));
        }
    }

    private void fail(IOException cause, boolean closeTransport) {
        synchronized (failureLock) {
            if (failure != null) {
                return;
            }
            IOException withReason = cause;
            if (closeTransport || cause instanceof QmpProtocolException) {
                String reason = safeReason();
                if (reason != null) {
                    withReason = new QmpConnectionClosedException(cause.getMessage() + " (" + reason + ")", cause);
                }
            }
            failure = withReason;
        }
        transport.close();
        IOException f = failure;
        handshake.connectionEnded(f);
        pending.failAll(p -> closedWhileWaiting(f, p.command()));
        for (EventSink sink : sinks) {
            sink.connectionEnded(f);
        }
    }

    private String safeReason() {
        try {
            return closeReason.get();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "close reason supplier failed", e);
            return null;
        }
    }

    private static QmpConnectionClosedException closedWhileWaiting(IOException cause, String command) {
        return new QmpConnectionClosedException(
                "QMP connection closed while waiting for the reply to " + command + ": " + cause.getMessage(), cause);
    }
}
