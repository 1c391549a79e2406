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
 * Samples every running VM once a second (their CPU load over one common second), keeps five minutes of it per VM
 * and sends each sample to the VM's stats sockets.
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

    double cpuPercent(String name) {
        StatsHistory h = histories.get(name);
        return h == null ? 0 : h.lastCpuPercent();
    }

    Fanout.Watcher watch(String name, WebSocketPeer peer) {
        String first = histories.computeIfAbsent(name, n -> new StatsHistory()).historyMessage();
        return fanouts.computeIfAbsent(name, n -> new Fanout()).watch(peer, first);
    }

    void run() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Vm> handles = new ArrayList<>();
            for (String name : running) {
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
