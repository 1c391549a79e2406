package io.kvmctl.web;

import io.kvmctl.store.DefinedState;
import io.kvmctl.store.ListedVm;
import io.kvmctl.store.VmStore;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.node.ObjectNode;

/**
 * The VM list, as {@code kvmctl list --all} has it (defined VMs from the store, running ones from the runtime root),
 * read again every {@link #PERIOD_MS} ms so that a VM started from the command line shows within a second, and sent
 * to the list sockets when it changes (and every 2 s while CPU figures move).
 */
final class ListFeed {
    static final long PERIOD_MS = 500;
    private static final long CPU_REFRESH_MS = 2000;

    private final WebVms vms;
    private final VmStore store;
    private final StatsFeed stats;
    private final EventsFeed events;
    private final Fanout fanout = new Fanout();
    private volatile String current;
    private String withoutCpu = "";
    private long sentMs;
    private Map<String, String> states = new HashMap<>();

    ListFeed(WebVms vms, VmStore store, StatsFeed stats, EventsFeed events) {
        this.vms = vms;
        this.store = store;
        this.stats = stats;
        this.events = events;
    }

    WebVms vms() {
        return vms;
    }

    /** The list message now (read at once when the feed has not run yet). */
    String current() throws IOException {
        String c = current;
        return c != null ? c : refresh();
    }

    Fanout.Watcher watch(WebSocketPeer peer) throws IOException {
        return fanout.watch(peer, current());
    }

    void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                refresh();
            } catch (IOException | RuntimeException e) {
                // a half-written record or a VM going away mid-read: the next pass reads it again
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    synchronized String refresh() throws IOException {
        Map<String, ListedVm> rows = rows();
        List<ObjectNode> nodes = new ArrayList<>();
        Map<String, String> nowStates = new HashMap<>();
        java.util.Set<String> running = new java.util.HashSet<>();
        for (ListedVm row : rows.values()) {
            ArgvFacts facts = row.status() == null ? ArgvFacts.NONE : facts(row.name());
            ObjectNode n = WebJson.vm(row, facts, stats.cpuPercent(row.name()));
            nodes.add(n);
            if (n.get("running").asBoolean()) {
                running.add(row.name());
                nowStates.put(row.name(), n.get("state").asString());
            }
        }
        stats.running(running);
        events.changed(states, nowStates);
        states = nowStates;
        String message = WebJson.list(nodes).toString();
        String shape = message.replaceAll("\"cpu_percent\":[0-9.E-]+", "");
        long now = System.currentTimeMillis();
        boolean changed = !shape.equals(withoutCpu);
        if (changed || (!message.equals(current) && now - sentMs >= CPU_REFRESH_MS)) {
            withoutCpu = shape;
            current = message;
            sentMs = now;
            fanout.publish(message);
        }
        return current;
    }

    private ArgvFacts facts(String name) {
        try {
            return ArgvFacts.of(vms.handle(name).record().argv());
        } catch (IOException | RuntimeException e) {
            return ArgvFacts.NONE;
        }
    }

    /** Like {@code kvmctl list --all}: each running VM's status, then the defined ones that are off. */
    private Map<String, ListedVm> rows() throws IOException {
        Map<String, ListedVm> rows = new TreeMap<>();
        List<String> names = vms.root().names();
        // A name gone from the root lets go of its handle: a migration's NAME.incoming renamed to NAME is the same
        // QEMU, running on, and a handle left on it would hold one of the two monitors the next migration needs.
        for (String held : List.copyOf(vms.held())) {
            if (!names.contains(held)) {
                vms.release(held);
            }
        }
        Map<String, Future<VmStatus>> statuses = new HashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String name : names) {
                statuses.put(name, pool.submit(() -> status(name)));
            }
        }
        for (String name : names) {
            boolean defined = store.isDefined(name);
            try {
                VmStatus s = statuses.get(name).get();
                rows.put(name, new ListedVm(name, s.state(), defined, false, s));
            } catch (java.util.concurrent.ExecutionException e) {
                if (defined) {
                    rows.put(name, new ListedVm(name, "unknown", true, false, null));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading the VM list");
            }
        }
        for (String name : store.names()) {
            rows.putIfAbsent(name, new ListedVm(name, DefinedState.SHUT_OFF, true, false, null));
        }
        return rows;
    }

    private VmStatus status(String name) throws IOException {
        Vm vm = vms.handle(name);
        if (!vm.isRunning()) {
            vms.release(name);
            return vm.statusWithoutAgent();
        }
        try {
            vm.qmp();
        } catch (io.kvmctl.vm.MonitorBusyException busy) {
            // Both resident monitors held (a qmp-shell and an events): one short connection, closed at once.
            try (Vm shortLived = Vm.attach(vms.root(), name)) {
                return shortLived.statusWithoutAgent();
            }
        } catch (IOException slowOrGone) {
            // status() says unresponsive, with the reason
        }
        return vm.statusWithoutAgent(); // polled twice a second: the agent's one channel is left to kvmctl ip
    }
}
