package io.kvmctl.snapshot;

import io.kvmctl.agent.GuestAgent;
import java.io.IOException;
import java.time.Duration;

/**
 * The guest's file systems frozen through its agent ({@code guest-fsfreeze-freeze}) for as long as this is open, so
 * that a snapshot taken meanwhile holds them as after a clean sync, with no write half done. Closing thaws them,
 * which must happen whatever the snapshot did: a guest left frozen blocks every writer in it.
 */
final class FrozenFileSystems implements AutoCloseable {
    /** Thawing takes a moment even on a loaded TCG guest; the freeze's own time is the caller's (it syncs). */
    static final Duration THAW_TIMEOUT = Duration.ofSeconds(30);

    private final GuestAgent agent;
    private final String vm;
    private final int frozen;
    private boolean thawed;

    private FrozenFileSystems(GuestAgent agent, String vm, int frozen) {
        this.agent = agent;
        this.vm = vm;
        this.frozen = frozen;
    }

    /** Freezes the guest's file systems within {@code timeout}; qemu-ga thaws what it froze when that fails. */
    static FrozenFileSystems freeze(GuestAgent agent, String vm, Duration timeout) throws IOException {
        try {
            return new FrozenFileSystems(agent, vm, agent.freeze(timeout));
        } catch (IOException e) {
            throw new SnapshotException(
                    "cannot quiesce VM " + vm + ": " + e.getMessage() + "; no snapshot was taken", e);
        }
    }

    int count() {
        return frozen;
    }

    /** Thaws; a failure is worth one more try, since the guest stays frozen until one succeeds. */
    @Override
    public void close() throws SnapshotException {
        if (thawed) {
            return;
        }
        IOException first;
        try {
            agent.thaw(THAW_TIMEOUT);
            thawed = true;
            return;
        } catch (IOException e) {
            first = e;
        }
        try {
            agent.thaw(THAW_TIMEOUT);
            thawed = true;
        } catch (IOException e) {
            e.addSuppressed(first);
            throw new SnapshotException(
                    "the file systems of VM " + vm + " are still frozen: thawing them through "
                            + "its guest agent failed twice (" + e.getMessage()
                            + "); in the guest, 'fsfreeze -u MOUNTPOINT' "
                            + "thaws one, or restart qemu-guest-agent",
                    e);
        }
    }
}
