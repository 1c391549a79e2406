package io.kvmctl.qmp;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The commands sent and not yet answered, by id. A command whose caller gave up (timeout, cancel) leaves the
 * table at once; its id is remembered for a while so that its late reply is logged as expected, not as a stray.
 * The waits for replies are here too, so every caller gives up the same way.
 */
final class PendingCommands {
    private static final System.Logger LOG = System.getLogger(QmpClient.class.getName());
    private static final int ABANDONED_IDS_KEPT = 1024;

    record Pending(String id, String command, CompletableFuture<JsonNode> future) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Boolean> abandoned = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ABANDONED_IDS_KEPT;
        }
    };

    Pending register(String id, String command) {
        Pending p = new Pending(id, command, new CompletableFuture<>());
        pending.put(id, p);
        // The dependent future whenComplete returns is not needed: the action only bookkeeps and cannot throw.
        var _ = p.future().whenComplete((value, error) -> {
            if (pending.remove(id, p) && error != null) {
                synchronized (abandoned) {
                    abandoned.put(id, Boolean.TRUE);
                }
            }
        });
        return p;
    }

    /** The command answered by a reply with {@code id}, or null (logged) when no caller waits for it. */
    Pending take(String id, String kind) {
        Pending p = id == null ? null : pending.remove(id);
        if (p != null) {
            return p;
        }
        boolean expected;
        synchronized (abandoned) {
            expected = id != null && abandoned.remove(id) != null;
        }
        LOG.log(
                expected ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                "dropping QMP {0} with {1} id {2}",
                kind,
                expected ? "abandoned" : "unknown",
                id);
        return null;
    }

    /** Fails every pending command at once. */
    void failAll(Function<Pending, IOException> failure) {
        for (Pending p : pending.values()) {
            p.future().completeExceptionally(failure.apply(p));
        }
        pending.clear();
    }

    int size() {
        return pending.size();
    }

    /**
     * Waits at most {@code timeout} for the reply {@code future} of {@code command}. A caller that gives up (timeout,
     * interrupt) cancels the future, so the command leaves the table and its late reply is dropped.
     */
    static JsonNode await(CompletableFuture<JsonNode> future, String command, Duration timeout) throws IOException {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw QmpTimeoutException.noReply(command, timeout);
        } catch (ExecutionException e) {
            throw unwrap(e, command);
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the reply to " + command);
        }
    }

    /** The failure of a wait for {@code what}, as the exception the waiting caller throws. */
    static IOException unwrap(ExecutionException e, String what) {
        Throwable cause = e.getCause();
        if (cause instanceof QmpException q) {
            // Re-created so the stack trace shows the caller, not the reader thread.
            QmpException copy = new QmpException(q.command(), q.errorClass(), q.description());
            return copy;
        }
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException("waiting for " + what + " failed: " + cause, cause);
    }
}
