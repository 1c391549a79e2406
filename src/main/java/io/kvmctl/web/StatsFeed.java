package io.kvmctl.web;

import io.kvmctl.stats.VmStats;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples the running VMs (their CPU load over one common second): those whose page is open every second, the rest
 * every few seconds; keeps five minutes of it per VM and sends each sample to the VM's stats sockets.
 */
final class StatsFeed {
    private final WebVms vms;
    private final Map<String, StatsHistory> histories = new ConcurrentHashMap<>();
    private final Map<String, Fanout> fanouts = new ConcurrentHashMap<>();
    private volatile Set<String> running = Set.of();

    StatsFeed(WebVms vms) {
        this.vms = vms;
    }

    /** The running VMs' names, as the list feed last saw them. */
    void running(Set<String> names) {
        running = Set.copyOf(names);
        histories.keySet().retainAll(running);
    }

    /**
     * A VM whose page is open is sampled every second; the others every {@value} seconds, which is what the list's
     * CPU column needs (it is sent at most every 2 s) and keeps a server with many VMs and one page open nearly
     * idle: a full sample asks QEMU for block and NIC figures and reads every vCPU thread (bench/web.sh).
     */
    static final int UNWATCHED_EVERY = 5;

    private boolean watched(String name) {
        Fanout f = fanouts.get(name);
        return f != null && f.isWatched();
    }

    double cpuPercent(String name) {
        StatsHistory h = histories.get(name);
        return h == null ? 0 : h.lastCpuPercent();
    }

    Fanout.Watcher watch(String name, WebSocketPeer peer) {
        String first = histories.computeIfAbsent(name, n -> new StatsHistory()).historyMessage();
        return fanouts.computeIfAbsent(name, n -> new Fanout()).watch(peer, first);
    }

    void run() {
        long round = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<Vm> handles = new ArrayList<>();
            boolean everyVm = round++ % UNWATCHED_EVERY == 0;
            for (String name : running) {
                if (!everyVm && !watched(name)) {
                    continue;
                }
                try {
                    handles.add(vms.handle(name));
                } catch (IOException e) {
                    // gone meanwhile: the list feed will say so
                }
            }
            try {
                if (handles.isEmpty()) {
                    Thread.sleep(1000);
                    continue;
                }
                List<VmStats> all = Vm.stats(handles, Duration.ofSeconds(1));
                long now = System.currentTimeMillis();
                for (VmStats s : all) {
                    var sample = histories
                            .computeIfAbsent(s.name(), n -> new StatsHistory())
                            .add(s, now);
                    Fanout f = fanouts.get(s.name());
                    if (f != null) {
                        f.publish(StatsHistory.sampleMessage(sample));
                    }
                }
            } catch (IOException e) {
                sleepQuietly();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
