package io.kvmctl.qmp;

import io.kvmctl.text.Durations;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The opening of a QMP connection: QEMU's greeting, the caller's hook, then {@code qmp_capabilities} (asking for
 * out-of-band execution when the options want it and QEMU offers it). QEMU sends no event before that command,
 * so a subscription made in the hook sees every event of the connection.
 */
final class QmpHandshake {
    private static final System.Logger LOG = System.getLogger(QmpClient.class.getName());

    private final CompletableFuture<QmpGreeting> greetingArrival = new CompletableFuture<>();
    private volatile QmpGreeting greeting;
    private volatile boolean oobEnabled;

    /** From the reader thread: QEMU greeted (once; a second greeting is logged and ignored). */
    void greeted(QmpGreeting g) {
        if (!greetingArrival.complete(g)) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a second QMP greeting");
        }
    }

    /** The connection ended: a wait for the greeting fails at once with {@code cause}. */
    void connectionEnded(IOException cause) {
        greetingArrival.completeExceptionally(cause);
    }

    /** The greeting, once {@link #run} has received it; null before. */
    QmpGreeting greeting() {
        return greeting;
    }

    boolean oobEnabled() {
        return oobEnabled;
    }

    /** Waits for the greeting, runs {@code beforeCapabilities}, negotiates; each wait bounded by the connect timeout. */
    void run(QmpClient client, String peer, QmpOptions options, Consumer<QmpClient> beforeCapabilities)
            throws IOException {
        Duration timeout = options.connectTimeout();
        greeting = awaitGreeting(peer, timeout);
        beforeCapabilities.accept(client);
        ObjectNode args = Json.object();
        boolean oob = options.oob() && greeting.offers("oob");
        if (oob) {
            args.putArray("enable").add("oob");
        }
        client.execute("qmp_capabilities", args, timeout);
        oobEnabled = oob;
    }

    private QmpGreeting awaitGreeting(String peer, Duration timeout) throws IOException {
        try {
            return greetingArrival.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new QmpTimeoutException(
                    "QMP greeting",
                    timeout,
                    "no QMP greeting from " + peer + " within " + Durations.format(timeout)
                            + " (is this a QMP socket, and is QEMU alive?)");
        } catch (ExecutionException e) {
            throw PendingCommands.unwrap(e, "the QMP greeting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the QMP greeting");
        }
    }
}
