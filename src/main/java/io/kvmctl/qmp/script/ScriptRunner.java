package io.kvmctl.qmp.script;

import io.kvmctl.qmp.EventSubscription;
import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpEvent;
import io.kvmctl.qmp.QmpException;
import io.kvmctl.qmp.QmpTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Runs a {@link QmpScript}, stopping at the first step that does not hold.
 *
 * <p>Events are collected from the start of the run, so {@code wait-event} also sees events that came while an
 * earlier step ran: {@code execute: device_del} then {@code wait-event: DEVICE_DELETED} cannot miss the event.
 * A {@code wait-event} takes the first matching event not taken yet; other events stay for later steps.
 */
public final class ScriptRunner {
    private static final int EVENT_BACKLOG = 100_000;

    private final QmpClient client;
    private final Consumer<String> progress;

    public ScriptRunner(QmpClient client, Consumer<String> progress) {
        this.client = client;
        this.progress = progress;
    }

    public ScriptReport run(QmpScript script) throws IOException {
        List<QmpEvent> backlog = new ArrayList<>();
        try (EventSubscription events = client.subscribe(null, EVENT_BACKLOG)) {
            List<ScriptStep> steps = script.steps();
            for (int i = 0; i < steps.size(); i++) {
                ScriptStep step = steps.get(i);
                progress.accept("step " + (i + 1) + ": " + step.describe());
                Optional<ScriptReport.Failure> failure = runStep(i + 1, step, events, backlog);
                if (failure.isPresent()) {
                    return new ScriptReport(i, steps.size(), failure.get());
                }
            }
            return new ScriptReport(steps.size(), steps.size(), null);
        }
    }

    private Optional<ScriptReport.Failure> runStep(
            int n, ScriptStep step, EventSubscription events, List<QmpEvent> backlog) throws IOException {
        return switch (step) {
            case ScriptStep.Execute e -> execute(n, e);
            case ScriptStep.WaitEvent w -> waitEvent(n, w, events, backlog);
            case ScriptStep.Hmp h -> hmp(n, h);
            case ScriptStep.Sleep s -> {
                try {
                    Thread.sleep(s.duration());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted during " + s.describe());
                }
                yield Optional.empty();
            }
        };
    }

    private Optional<ScriptReport.Failure> execute(int n, ScriptStep.Execute e) throws IOException {
        JsonNode value;
        try {
            value = client.execute(e.command(), e.arguments(), e.timeout());
        } catch (QmpException q) {
            if (q.errorClass().equals(e.expectError())) {
                return Optional.empty();
            }
            return fail(
                    n,
                    e,
                    e.expectError() != null
                            ? "error " + e.expectError()
                            : e.expect() != null ? "a reply containing " + e.expect() : "success",
                    "error " + q.errorClass() + ": " + q.description());
        } catch (QmpTimeoutException t) {
            return fail(n, e, "a reply within " + io.kvmctl.text.Durations.format(e.timeout()), "no reply");
        }
        if (e.expectError() != null) {
            return fail(n, e, "error " + e.expectError(), "success: " + value);
        }
        if (e.expect() != null) {
            Optional<String> mismatch = JsonSubset.mismatch(e.expect(), value);
            if (mismatch.isPresent()) {
                return fail(n, e, "a reply containing " + e.expect(), value + " (" + mismatch.get() + ")");
            }
        }
        return Optional.empty();
    }

    private Optional<ScriptReport.Failure> waitEvent(
            int n, ScriptStep.WaitEvent w, EventSubscription events, List<QmpEvent> backlog) throws IOException {
        long deadline = System.nanoTime() + w.timeout().toNanos();
        while (true) {
            for (Iterator<QmpEvent> it = backlog.iterator(); it.hasNext(); ) {
                QmpEvent e = it.next();
                if (matches(w, e)) {
                    it.remove();
                    return Optional.empty();
                }
            }
            long left = deadline - System.nanoTime();
            Optional<QmpEvent> next = left > 0 ? events.poll(Duration.ofNanos(left)) : Optional.empty();
            if (next.isEmpty()) {
                List<String> seen = backlog.stream().map(QmpEvent::name).toList();
                return fail(
                        n,
                        w,
                        "event " + w.name() + (w.match() == null ? "" : " with data containing " + w.match())
                                + " within " + io.kvmctl.text.Durations.format(w.timeout()),
                        seen.isEmpty() ? "no event" : "only " + seen);
            }
            backlog.add(next.get());
        }
    }

    private static boolean matches(ScriptStep.WaitEvent w, QmpEvent e) {
        return e.name().equals(w.name())
                && (w.match() == null
                        || JsonSubset.mismatch(w.match(), e.data()).isEmpty());
    }

    private Optional<ScriptReport.Failure> hmp(int n, ScriptStep.Hmp h) throws IOException {
        String out;
        try {
            out = client.execute(
                            "human-monitor-command", Json.object().put("command-line", h.commandLine()), h.timeout())
                    .asString("");
        } catch (QmpException q) {
            return fail(n, h, "success", "error " + q.errorClass() + ": " + q.description());
        } catch (QmpTimeoutException t) {
            return fail(n, h, "output within " + io.kvmctl.text.Durations.format(h.timeout()), "no reply");
        }
        if (h.expect() != null && !out.contains(h.expect())) {
            return fail(n, h, "output containing \"" + h.expect() + "\"", "\"" + out.strip() + "\"");
        }
        return Optional.empty();
    }

    private static Optional<ScriptReport.Failure> fail(int n, ScriptStep step, String expected, String got) {
        return Optional.of(new ScriptReport.Failure(n, step.describe(), expected, got));
    }
}
