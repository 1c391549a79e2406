package io.kvmctl.qmp;

import io.kvmctl.text.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue of events of one name (or all events) for one consumer.
 *
 * <p><b>Overflow policy: drop oldest.</b> When the queue is full, a new event pushes out the oldest queued one and
 * {@link #dropped()} counts it. The reader thread never waits for a slow consumer, so replies keep flowing no
 * matter how far behind a subscriber is; the newest events, which say most about the current state, are kept.
 * A consumer that must not miss an event uses {@link QmpClient#awaitEvent} or {@link QmpClient#expectEvent}
 * (one event, no queue) or a capacity large enough for its burst.
 */
public final class EventSubscription implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventSubscription.class.getName());

    private final QmpClient client;
    private final String name;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<QmpEvent> queue;
    private long dropped;
    private IOException ended;
    private boolean closed;

    EventSubscription(QmpClient client, String name, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event queue capacity must be at least 1, got " + capacity);
        }
        this.client = client;
        this.name = name;
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    final EventSink sink = new EventSink() {
        @Override
        public void offer(QmpEvent event) {
            if (name != null && !name.equals(event.name())) {
                return;
            }
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                if (queue.size() == capacity) {
                    QmpEvent oldest = queue.pollFirst();
                    if (dropped++ == 0) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "event queue ({0} events) is full: dropping the "
                                        + "oldest event {1}; further drops are only counted",
                                capacity,
                                oldest.name());
                    }
                }
                queue.addLast(event);
                notEmpty.signal();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void connectionEnded(IOException cause) {
            lock.lock();
            try {
                ended = cause;
                notEmpty.signalAll();
            } finally {
                lock.unlock();
            }
        }
    };

    /** The event name this subscription receives, or null for all. */
    public String name() {
        return name;
    }

    /**
     * The next event, waiting at most {@code timeout}; empty on timeout.
     *
     * @throws QmpConnectionClosedException once the connection ended and every queued event was taken
     */
    public Optional<QmpEvent> poll(Duration timeout) throws IOException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (ended != null) {
                    throw new QmpConnectionClosedException(
                            "QMP connection closed while waiting for " + (name == null ? "events" : "event " + name)
                                    + ": " + ended.getMessage(),
                            ended);
                }
                if (closed) {
                    return Optional.empty();
                }
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return Optional.of(queue.pollFirst());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for events");
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #poll} but a timeout is an error naming the event. */
    public QmpEvent take(Duration timeout) throws IOException {
        return poll(timeout)
                .orElseThrow(() -> new QmpTimeoutException(
                        "event " + (name == null ? "(any)" : name),
                        timeout,
                        "no " + (name == null ? "event" : name + " event") + " within " + Durations.format(timeout)));
    }

    /** How many events the overflow policy dropped so far. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Events queued right now. */
    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops receiving events; a thread waiting in {@link #poll} returns empty. */
    @Override
    public void close() {
        client.removeSink(sink);
        lock.lock();
        try {
            closed = true;
            queue.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
