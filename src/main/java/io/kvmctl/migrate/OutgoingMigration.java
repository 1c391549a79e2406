package io.kvmctl.migrate;

import io.kvmctl.qmp.EventSubscription;
import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.Replies;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Drives the source side: sends {@code migrate} and watches it until QEMU reports an end state, deciding on the
 * way whether to switch to postcopy or to cancel. Progress comes from {@code query-migrate} polls; the
 * {@code MIGRATION} events (subscribed before {@code migrate}, so none is lost) only wake the loop early.
 *
 * <p>A cancel is always QEMU's {@code migrate_cancel}: QEMU shuts the connection down and restarts the guest it
 * had paused, so the source is never left half-migrated. After postcopy has started no cancel is possible (the
 * destination already runs the guest), which is why kvmctl switches to postcopy only when asked to.
 */
public final class OutgoingMigration {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration END_TIMEOUT = Duration.ofSeconds(60);
    /** Passes allowed at the full throttle before auto-converge counts as having failed too. */
    private static final int AUTO_CONVERGE_EXTRA_PASSES = 10;
    /** QEMU's default max-cpu-throttle. */
    private static final int MAX_THROTTLE = 99;

    private final QmpClient source;
    private final MigrationOptions options;
    private final Consumer<MigrationStats> progress;
    private final MigrationCancel cancel;
    private final Supplier<Optional<String>> destinationGone;
    /** The pass at which kvmctl relaxed its default downtime target to QEMU's, or -1. */
    private long relaxedAtPass = -1;

    /**
     * @param destinationGone says why the destination is gone (for a local migration: its QEMU exited), or empty
     */
    public OutgoingMigration(
            QmpClient source,
            MigrationOptions options,
            Consumer<MigrationStats> progress,
            MigrationCancel cancel,
            Supplier<Optional<String>> destinationGone) {
        this.source = source;
        this.options = options;
        this.progress = progress;
        this.cancel = cancel;
        this.destinationGone = destinationGone;
    }

    /** Migrates to {@code uri} and returns how it ended; the source QEMU runs the guest unless it completed. */
    public MigrationResult run(String uri, String vmName) throws IOException {
        MigrationStats stats;
        String cancelReason = null;
        boolean destinationDied = false; // kvmctl cancels then, but the migration failed: nobody asked to stop it
        String failureHint = null;
        boolean postcopyStarted = false;
        boolean wasPostcopy = false;
        long firstPassAtMaxThrottle = -1;
        long pausedSince = 0;
        long passBudget = options.maxIterations();
        try (EventSubscription events = source.subscribe("MIGRATION", 256)) {
            source.execute("migrate", Json.object().put("uri", uri));
            long lastBytes = -1;
            long lastMove = System.nanoTime();
            long cancelSentAt = 0;
            while (true) {
                events.poll(POLL);
                stats = MigrationStats.fromQueryMigrate(source.execute("query-migrate"));
                progress.accept(stats);
                wasPostcopy |= stats.inPostcopy();
                if (!stats.inProgress() && !stats.status().equals("none")) {
                    break;
                }
                long now = System.nanoTime();
                // A postcopy whose destination went away stays paused until someone recovers it: that is an end
                // for this command (the result says how to recover), not something to wait for forever.
                if (stats.status().equals("postcopy-paused")) {
                    pausedSince = pausedSince == 0 ? now : pausedSince;
                    if (destinationGone.get().isPresent()
                            || now - pausedSince > options.stallTimeout().toNanos()) {
                        break;
                    }
                } else {
                    pausedSince = 0;
                }
                if (stats.ramTransferred() != lastBytes) {
                    lastBytes = stats.ramTransferred();
                    lastMove = now;
                }
                if (cancelReason != null) {
                    if (cancelSentAt != 0 && now - cancelSentAt > END_TIMEOUT.toNanos()) {
                        throw new MigrationException("QEMU did not end the migration within " + END_TIMEOUT.toSeconds()
                                + " s of migrate_cancel (status " + stats.status() + ")");
                    }
                    continue;
                }
                Optional<String> gone = destinationGone.get();
                if (cancel.requested()) {
                    cancelReason = cancel.reason();
                } else if (gone.isPresent()) {
                    cancelReason = gone.get();
                    destinationDied = true;
                } else if (now - lastMove > options.stallTimeout().toNanos()) {
                    cancelReason = "no data moved for " + options.stallTimeout().toSeconds() + " s (status "
                            + stats.status() + "): the connection to the destination looks lost";
                } else if (stats.status().equals("active")
                        && options.postcopy()
                        && !postcopyStarted
                        && (options.postcopyAfter().isPresent()
                                ? stats.iteration() >= options.postcopyAfter().getAsInt()
                                : stats.iteration() > options.maxIterations())) {
                    source.execute("migrate-start-postcopy");
                    postcopyStarted = true;
                } else if (stats.status().equals("active") && !options.postcopy() && stats.iteration() > passBudget) {
                    if (options.downtimeLimit().isEmpty() && relaxedAtPass < 0) {
                        // kvmctl's own 50 ms target was too ambitious for this guest: before anything harsher,
                        // allow what QEMU allows by default, for as many passes again.
                        source.execute(
                                "migrate-set-parameters",
                                Json.object().put("downtime-limit", MigrationOptions.RELAXED_DOWNTIME.toMillis()));
                        relaxedAtPass = stats.iteration();
                        passBudget = stats.iteration() + options.maxIterations();
                    } else if (!options.autoConverge()) {
                        cancelReason = notConverging(stats);
                    } else if (stats.cpuThrottlePercent() >= MAX_THROTTLE) {
                        // Auto-converge gets its chance: QEMU raises the throttle at most once a second, so
                        // passes alone say little; give up only when even the full throttle did not do it.
                        firstPassAtMaxThrottle =
                                firstPassAtMaxThrottle < 0 ? stats.iteration() : firstPassAtMaxThrottle;
                        if (stats.iteration() - firstPassAtMaxThrottle > AUTO_CONVERGE_EXTRA_PASSES) {
                            cancelReason = notConverging(stats);
                        }
                    }
                }
                if (cancelReason != null) {
                    if (stats.inPostcopy()) {
                        failureHint =
                                "cannot cancel in postcopy (the destination already runs the guest): " + cancelReason;
                        cancelReason = null;
                        lastMove = now; // wait for QEMU's own verdict instead
                    } else {
                        source.execute("migrate_cancel");
                        cancelSentAt = now;
                    }
                }
            }
        }
        String status = stats.status();
        if (status.equals("completed")) {
            return new MigrationResult(
                    MigrationOutcome.COMPLETED,
                    "migration completed in " + stats.totalTimeMs() + " ms (downtime " + stats.downtimeMs() + " ms"
                            + relaxedNote() + ")",
                    vmName,
                    stats);
        }
        // A dead destination is a failure whichever side noticed first: QEMU ("failed") or kvmctl (which cancels).
        if (destinationDied) {
            return new MigrationResult(
                    MigrationOutcome.FAILED,
                    "migration failed: " + cancelReason + "; " + ensureSourceRuns(wasPostcopy),
                    vmName,
                    stats);
        }
        // After migrate_cancel QEMU may still end as "failed" (its writer saw the shut-down socket first): that is
        // our cancel all the same, and the reason the user needs is ours.
        if (status.equals("cancelled") || cancelReason != null) {
            return new MigrationResult(
                    MigrationOutcome.CANCELLED,
                    "migration cancelled: "
                            + (cancelReason == null ? "by another client" : cancelReason)
                            + (status.equals("failed") ? " (QEMU: " + stats.errorDesc() + ")" : "") + "; "
                            + ensureSourceRuns(wasPostcopy),
                    vmName,
                    stats);
        }
        return new MigrationResult(
                MigrationOutcome.FAILED,
                "migration " + status + ": " + failureText(stats, failureHint) + "; " + ensureSourceRuns(wasPostcopy),
                vmName,
                stats);
    }

    private String failureText(MigrationStats stats, String hint) {
        StringBuilder b = new StringBuilder(stats.errorDesc() == null ? "QEMU gave no reason" : stats.errorDesc());
        destinationGone.get().ifPresent(why -> b.append(" (").append(why).append(')'));
        if (hint != null) {
            b.append(" (").append(hint).append(')');
        }
        return b.toString();
    }

    private String notConverging(MigrationStats s) {
        return "no convergence after " + s.iteration() + " passes over RAM: the guest dirties "
                + MigrationStats.mib(s.dirtyBytesPerSecond()) + "/s while " + MigrationStats.mib(s.bytesPerSecond())
                + "/s move, " + MigrationStats.mib(s.ramRemaining()) + " still to send" + relaxedNote()
                + (options.autoConverge() ? " even with the vCPUs throttled " + s.cpuThrottlePercent() + "%" : "")
                + "; retry with " + (options.autoConverge() ? "" : "--auto-converge, ") + "--postcopy, a higher "
                + "--max-bandwidth or a longer --downtime-limit";
    }

    private String relaxedNote() {
        return relaxedAtPass < 0
                ? ""
                : ", downtime limit raised from " + MigrationOptions.DEFAULT_DOWNTIME.toMillis() + " to "
                        + MigrationOptions.RELAXED_DOWNTIME.toMillis() + " ms after pass " + relaxedAtPass;
    }

    /**
     * QEMU restarts a guest it paused for the switch-over when the migration fails or is cancelled; this checks
     * that, and continues the guest itself when QEMU left it paused.
     */
    private String ensureSourceRuns(boolean wasPostcopy) throws IOException {
        String state = Replies.string("query-status", source.execute("query-status"), "status");
        if (wasPostcopy && !state.equals("running")) {
            // Resuming here would run the guest twice: the destination already has part of its newer memory.
            return "the source is " + state + " after postcopy: the guest's memory is split between both ends; "
                    + "bring the connection back and recover (QMP migrate-recover, then migrate with resume)";
        }
        return switch (state) {
            case "running" -> "the source keeps running";
            case "paused", "postmigrate", "finish-migrate" -> {
                source.execute("cont");
                yield "the source was " + state + " and has been resumed";
            }
            case "postcopy-paused" ->
                "the source is in postcopy-paused: the guest's memory is split between both ends; bring the "
                        + "connection back and use QMP migrate-recover/migrate resume, or lose the guest";
            default -> "the source is " + state;
        };
    }
}
