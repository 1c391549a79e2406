package io.kvmctl.resources;

import io.kvmctl.profile.Size;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qmp.EventSubscription;
import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpEvent;
import io.kvmctl.qmp.QmpException;
import io.kvmctl.qmp.Replies;
import java.io.IOException;
import java.time.Duration;

/**
 * Guest memory through the virtio balloon: the guest's driver gives pages back (or takes them again) when asked,
 * up to the RAM the VM started with. Asking is immediate; reaching the target takes the guest's cooperation.
 * Reached from a VM as {@code vm.memory()}.
 */
public final class Balloon {
    private final QmpClient qmp;

    public Balloon(QmpClient qmp) {
        this.qmp = qmp;
    }

    /** The guest's RAM as the balloon sees it, and the RAM the VM started with. */
    public record Reading(long actualBytes, long maxBytes) {}

    public Reading read() throws IOException {
        long max = Replies.wholeNumber(
                "query-memory-size-summary", qmp.execute("query-memory-size-summary"), "base-memory");
        try {
            return new Reading(new QmpCommands(qmp).queryBalloon(), max);
        } catch (QmpException e) {
            throw noBalloon(e);
        }
    }

    /**
     * Asks for {@code target} and waits up to {@code wait} for the guest to get there (BALLOON_CHANGE events).
     *
     * @return the last reading: equal to the target when the guest got there in time
     */
    public Reading set(Size target, Duration wait) throws IOException {
        Reading now = read();
        if (target.bytes() > now.maxBytes()) {
            throw new IllegalArgumentException(target + " is more than the " + new Size(now.maxBytes()) + " the VM"
                    + " started with; the balloon can only give back what it took (change memory: in the profile"
                    + " and restart to grow beyond)");
        }
        if (target.bytes() < 16 * Size.MIB) {
            throw new IllegalArgumentException(target + " would starve the guest; ask for at least 16M");
        }
        try (EventSubscription changes = qmp.subscribe("BALLOON_CHANGE")) {
            try {
                qmp.execute("balloon", Json.object().put("value", target.bytes()));
            } catch (QmpException e) {
                throw noBalloon(e);
            }
            long deadline = System.nanoTime() + wait.toNanos();
            long actual = now.actualBytes();
            while (actual != target.bytes()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                java.util.Optional<QmpEvent> e = changes.poll(Duration.ofNanos(left));
                if (e.isEmpty()) {
                    break;
                }
                actual = e.get().data().path("actual").asLong(actual);
            }
            return new Reading(actual, now.maxBytes());
        }
    }

    private static IOException noBalloon(QmpException e) {
        if ("DeviceNotActive".equals(e.errorClass()) || e.description().contains("balloon")) {
            return new IOException("the VM has no balloon device (or its guest has no driver for it); add"
                    + " 'balloon: true' to the profile and restart the VM");
        }
        return e;
    }
}
