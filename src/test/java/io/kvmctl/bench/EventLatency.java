package io.kvmctl.bench;

import io.kvmctl.qmp.EventWaiter;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Event latency, caused on purpose: {@code cont} gives RESUME, {@code stop} gives STOP. Three clocks per event:
 * <ul>
 * <li>caused: from just before sending the command to the waiting caller holding the event (QMP round trip, QEMU
 *     changing run state, delivery), the latency a user of the API sees;</li>
 * <li>delivered: from QEMU's own event timestamp (CLOCK_REALTIME, microseconds, taken when QEMU emits it) to the
 *     waiting caller holding it: socket, parsing, dispatch and thread wake-up, i.e. kvmctl's part plus the kernel;
 *     QEMU and this JVM read the same clock, so the difference is meaningful to a few microseconds;</li>
 * <li>read: from QEMU's timestamp to kvmctl's reader thread having parsed it (the match runs on that thread).</li>
 * </ul>
 */
final class EventLatency {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<Long> caused = new ArrayList<>();
    private final List<Long> delivered = new ArrayList<>();
    private final List<Long> read = new ArrayList<>();
    private int failures;
    private String firstFailure;

    /** One cont + stop pair on {@code qmp} (the VM is paused before and after), two samples of each clock. */
    void measurePair(QmpClient qmp) {
        measure(qmp, "cont", "RESUME");
        measure(qmp, "stop", "STOP");
    }

    private void measure(QmpClient qmp, String command, String event) {
        AtomicReference<Instant> readAt = new AtomicReference<>();
        EventWaiter waiter = qmp.expectEvent(event, e -> {
            readAt.set(Instant.now());
            return true;
        });
        long t0 = System.nanoTime();
        try {
            qmp.execute(command);
            QmpEvent e = waiter.await(TIMEOUT);
            long t1 = System.nanoTime();
            Instant now = Instant.now();
            synchronized (this) {
                caused.add(t1 - t0);
                delivered.add(nanosBetween(e.timestamp(), now));
                read.add(nanosBetween(e.timestamp(), readAt.get()));
            }
        } catch (IOException e) {
            synchronized (this) {
                failures++;
                if (firstFailure == null) {
                    firstFailure = command + " -> " + event + ": " + e.getMessage();
                }
            }
        } finally {
            waiter.close();
        }
    }

    private static long nanosBetween(Instant from, Instant to) {
        return ChronoUnit.NANOS.between(from, to);
    }

    synchronized Samples caused() {
        return new Samples(caused.stream().mapToLong(Long::longValue).toArray());
    }

    synchronized Samples delivered() {
        return new Samples(delivered.stream().mapToLong(Long::longValue).toArray());
    }

    synchronized Samples read() {
        return new Samples(read.stream().mapToLong(Long::longValue).toArray());
    }

    synchronized int failures() {
        return failures;
    }

    synchronized String firstFailure() {
        return firstFailure;
    }
}
