package io.kvmctl.qmp;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The commands sent and not yet answered, by id. A command whose caller gave up (timeout, cancel) leaves the
 * table at once; its id is remembered for a while so that its late reply is logged as expected, not as a stray.
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
        p.future().whenComplete((value, error) -> {
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
}
