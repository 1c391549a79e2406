package io.kvmctl.qmp;

import io.kvmctl.text.Durations;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A wait for one event, registered when created: create it before sending the command that causes the event
 * ({@code device_del} then {@code DEVICE_DELETED}) so the event cannot slip by in between. No queue, so nothing
 * to overflow; the first matching event completes it.
 */
public final class EventWaiter implements AutoCloseable {
    private final QmpClient client;
    private final String name;
    private final Predicate<QmpEvent> match;
    private final CompletableFuture<QmpEvent> result = new CompletableFuture<>();

    EventWaiter(QmpClient client, String name, Predicate<QmpEvent> match) {
        this.client = client;
        this.name = name;
        this.match = match == null ? e -> true : match;
    }

    final EventSink sink = new EventSink() {
        @Override
        public void offer(QmpEvent event) {
            if (result.isDone() || (name != null && !name.equals(event.name()))) {
                return;
            }
            try {
                if (match.test(event)) {
                    result.complete(event);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(
                        new IOException("the match for event " + name + " failed on " + event.data() + ": " + e, e));
            }
        }

        @Override
        public void connectionEnded(IOException cause) {
            result.completeExceptionally(new QmpConnectionClosedException(
                    "QMP connection closed while waiting for " + describe() + ": " + cause.getMessage(), cause));
        }
    };

    /** Waits at most {@code timeout} for the event; unregisters in any case. */
    public QmpEvent await(Duration timeout) throws IOException {
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new QmpTimeoutException(
                    describe(), timeout, "no " + describe() + " within " + Durations.format(timeout));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + describe());
        } finally {
            close();
        }
    }

    /** The event, when it has come. */
    public CompletableFuture<QmpEvent> future() {
        return result;
    }

    private String describe() {
        return name == null ? "an event" : "event " + name;
    }

    @Override
    public void close() {
        client.removeSink(sink);
    }
}
