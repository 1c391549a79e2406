package io.kvmctl.stats;

import io.kvmctl.text.TextTable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Text renderings of {@link VmStats}: the {@code stats} report and the {@code top} table. Pure. */
public final class StatsTable {
    private StatsTable() {}

    /** The {@code top} frame: a header line and one row per VM, cut to {@code width} columns. */
    public static String top(List<VmStats> vms, int width, String header) {
        StringBuilder sb = new StringBuilder();
        sb.append(cut(header, width)).append('\n');
        TextTable table = TextTable.withHeaders(
                        "NAME",
                        "STATE",
                        "CPU%",
                        "CPU TIME",
                        "RSS",
                        "BALLOON",
                        "DISK RD",
                        "DISK WR",
                        "NET RX",
                        "NET TX",
                        "UPTIME")
                .alignRight(2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (VmStats s : vms) {
            table.row(
                    s.name(),
                    s.state(),
                    String.format(Locale.ROOT, "%.1f", s.cpuPercent()),
                    seconds(s.cpuSeconds()),
                    bytes(s.rssBytes()),
                    s.balloonBytes() == null ? "-" : bytes(s.balloonBytes()),
                    bytes(s.readBytes()),
                    bytes(s.writtenBytes()),
                    nic(s, true),
                    nic(s, false),
                    duration(s.uptime()));
        }
        for (String line : table.lines()) {
            sb.append(cut(line, width)).append('\n');
        }
        if (vms.isEmpty()) {
            sb.append("(no VMs)\n");
        }
        return sb.toString();
    }

    /** The {@code stats NAME} report. */
    public static String report(VmStats s) {
        StringBuilder sb = new StringBuilder();
        line(sb, "name:", s.name());
        line(sb, "state:", s.state());
        line(sb, "qemu pid:", Integer.toString(s.pid()));
        line(sb, "uptime:", duration(s.uptime()));
        line(
                sb,
                "cpu:",
                String.format(Locale.ROOT, "%.1f%% now, %s in total", s.cpuPercent(), seconds(s.cpuSeconds()))
                        + (s.cpuThrottledSeconds() == null
                                ? ""
                                : ", " + seconds(s.cpuThrottledSeconds()) + " throttled (CPU quota)"));
        for (VmStats.Vcpu v : s.vcpus()) {
            line(
                    sb,
                    "  " + v.thread(),
                    String.format(
                            Locale.ROOT,
                            "%.1f%% now, %s in total (thread %d)",
                            v.cpuPercent(),
                            seconds(v.cpuSeconds()),
                            v.threadId()));
        }
        line(
                sb,
                "memory:",
                bytes(s.rssBytes()) + " resident"
                        + (s.balloonBytes() == null ? "" : ", guest has " + bytes(s.balloonBytes()) + " (balloon)"));
        for (VmStats.Disk d : s.disks()) {
            line(
                    sb,
                    "disk " + d.id() + ":",
                    "read " + bytes(d.readBytes()) + " (" + d.readOps() + " ops), written " + bytes(d.writtenBytes())
                            + " (" + d.writeOps() + " ops)");
        }
        for (VmStats.Nic n : s.nics()) {
            line(
                    sb,
                    "nic " + n.id() + ":",
                    n.rxBytes() == null
                            ? n.backend() + ": not counted"
                            : "received " + bytes(n.rxBytes()) + ", sent " + bytes(n.txBytes()) + " (" + n.backend()
                                    + " " + n.hostInterface() + ")");
        }
        if (s.note() != null) {
            line(sb, "note:", s.note());
        }
        return sb.toString();
    }

    private static String nic(VmStats s, boolean rx) {
        long total = 0;
        boolean any = false;
        for (VmStats.Nic n : s.nics()) {
            Long v = rx ? n.rxBytes() : n.txBytes();
            if (v != null) {
                total += v;
                any = true;
            }
        }
        return any ? bytes(total) : "-";
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format(Locale.ROOT, "%-14s %s%n", key, value));
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width);
    }

    static String bytes(long b) {
        String[] units = {"B", "K", "M", "G", "T"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + "B" : String.format(Locale.ROOT, v >= 100 ? "%.0f%s" : "%.1f%s", v, units[u]);
    }

    static String seconds(double s) {
        return s >= 3600 ? duration(Duration.ofSeconds((long) s)) : String.format(Locale.ROOT, "%.2fs", s);
    }

    static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = d.toSeconds();
        if (s >= 86400) {
            return s / 86400 + "d" + (s % 86400) / 3600 + "h";
        }
        if (s >= 3600) {
            return s / 3600 + "h" + (s % 3600) / 60 + "m";
        }
        return s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
