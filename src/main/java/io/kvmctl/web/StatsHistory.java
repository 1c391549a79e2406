package io.kvmctl.web;

import io.kvmctl.qmp.Json;
import io.kvmctl.stats.VmStats;
import java.util.ArrayDeque;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One VM's last five minutes of figures at one sample a second, as the stats socket sends them; rates (bytes per
 * second) come from the difference with the previous sample.
 */
final class StatsHistory {
    static final int SAMPLES = 300;

    private final ArrayDeque<ObjectNode> samples = new ArrayDeque<>();
    private VmStats previous;
    private long previousMs;

    /** Adds a sample taken at {@code tMs} and returns it as the contract's S. */
    synchronized ObjectNode add(VmStats s, long tMs) {
        double seconds = previous == null ? 0 : (tMs - previousMs) / 1000.0;
        ObjectNode n = Json.object()
                .put("t_ms", tMs)
                .put("cpu_percent", Math.round(s.cpuPercent() * 10) / 10.0)
                .put("memory_bytes", s.rssBytes());
        n.put("guest_memory_bytes", s.balloonBytes());
        n.put("disk_read_bps", rate(seconds, s.readBytes(), previous == null ? 0 : previous.readBytes()));
        n.put("disk_write_bps", rate(seconds, s.writtenBytes(), previous == null ? 0 : previous.writtenBytes()));
        n.put("net_rx_bps", rate(seconds, rx(s), previous == null ? 0 : rx(previous)));
        n.put("net_tx_bps", rate(seconds, tx(s), previous == null ? 0 : tx(previous)));
        previous = s;
        previousMs = tMs;
        samples.addLast(n);
        while (samples.size() > SAMPLES) {
            samples.removeFirst();
        }
        return n;
    }

    synchronized List<ObjectNode> samples() {
        return List.copyOf(samples);
    }

    synchronized double lastCpuPercent() {
        return previous == null ? 0 : previous.cpuPercent();
    }

    static long rate(double seconds, long now, long before) {
        return seconds <= 0 || now < before ? 0 : Math.round((now - before) / seconds);
    }

    private static long rx(VmStats s) {
        return s.nics().stream()
                .mapToLong(n -> n.rxBytes() == null ? 0 : n.rxBytes())
                .sum();
    }

    private static long tx(VmStats s) {
        return s.nics().stream()
                .mapToLong(n -> n.txBytes() == null ? 0 : n.txBytes())
                .sum();
    }

    /** The history message: {@code {"type":"history","samples":[...]}}. */
    String historyMessage() {
        ObjectNode n = Json.object().put("type", "history");
        n.putArray("samples").addAll(samples());
        return n.toString();
    }

    static String sampleMessage(ObjectNode sample) {
        ObjectNode n = Json.object().put("type", "sample");
        n.set("sample", sample);
        return n.toString();
    }
}
