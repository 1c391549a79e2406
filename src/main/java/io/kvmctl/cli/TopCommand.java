package io.kvmctl.cli;

import io.kvmctl.cli.json.StatsJson;
import io.kvmctl.stats.StatsTable;
import io.kvmctl.stats.VmStats;
import io.kvmctl.text.Durations;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "top",
        mixinStandardHelpOptions = true,
        description = {
            "A refreshing table of all VMs: CPU load and time, memory, disk and network"
                    + " totals, uptime (like virt-top).",
            "On a terminal: q quits, c, m and n sort by CPU load, memory or name (the header shows the keys);"
                    + " Ctrl-C ends it too. --once prints one frame."
        })
final class TopCommand extends VmCommand {
    private static final String CLEAR = "\033[H\033[2J";

    @Option(names = "--once", description = "Print one frame and exit")
    boolean once;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Refresh interval, 100ms to 1h: " + DurationConverter.SYNTAX + " (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(
            names = "--json",
            description = "Print each refresh as one line of JSON (kvmctl.top/1, docs/json.md) instead of the table;"
                    + " with --once, one document")
    boolean json;

    @Option(names = "--iterations", paramLabel = "N", description = "Stop after N frames")
    Integer iterations;

    @Option(names = "--width", paramLabel = "COLUMNS", description = "Line width (default: $COLUMNS or 120)")
    Integer width;

    @Override
    public Integer call() throws IOException {
        if (interval.compareTo(Duration.ofMillis(100)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            return fail("--interval " + Durations.format(interval) + " is out of range: give 100ms to 1h");
        }
        if (iterations != null && iterations < 1) {
            return fail("--iterations must be 1 or more");
        }
        boolean refresh = !once && !json && Terminal.interactive();
        if (!refresh) {
            return frames(null);
        }
        String saved = TerminalMode.keys();
        try {
            return frames(TopKeys.start(System.in));
        } finally {
            TerminalMode.restore(saved);
        }
    }

    /** Draws the frames; with {@code keys} (a terminal), between frames it waits for keys and acts on them. */
    private int frames(TopKeys keys) {
        int frames = once ? 1 : iterations == null ? Integer.MAX_VALUE : iterations;
        int columns = width != null ? width : columns();
        // The first frame samples briefly so it appears at once. Without keys later ones measure over the whole
        // interval; with keys each samples for at most half a second, then waits out the interval listening, so a
        // key is answered within half a second.
        Duration brief = interval.compareTo(Duration.ofMillis(500)) < 0 ? interval : Duration.ofMillis(500);
        TopView view = TopView.initial();
        for (int frame = 0; frame < frames; frame++) {
            Duration sample = frame == 0 || keys != null ? brief : interval;
            List<VmStats> stats;
            try {
                stats = frame(sample);
            } catch (IOException e) {
                return fail(e.getMessage());
            }
            if (json) {
                out().println(CliJson.line(
                        StatsJson.Top.KIND,
                        new StatsJson.Top(
                                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
                                view.order(stats).stream().map(StatsJson::of).toList())));
                out().flush();
                continue;
            }
            draw(view, stats, columns, keys != null);
            if (keys == null) {
                continue;
            }
            long deadline = System.nanoTime() + interval.minus(sample).toNanos();
            for (Integer key; (key = keys.next(deadline)) != null; ) {
                view = view.press(key);
                if (view.quit()) {
                    return 0;
                }
                draw(view, stats, columns, true); // a new order at once, on the figures already measured
            }
        }
        return 0;
    }

    private void draw(TopView view, List<VmStats> stats, int columns, boolean keys) {
        String header = "kvmctl top - "
                + LocalTime.now(java.time.ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS) + ", "
                + stats.size() + " VM" + (stats.size() == 1 ? "" : "s")
                + (once ? "" : ", every " + Durations.format(interval))
                + (keys ? " - " + view.keysLine() : "");
        out().print((keys ? CLEAR : "") + StatsTable.top(view.order(stats), columns, header));
        out().flush();
    }

    /** Attaches to every VM for this frame only: each QMP control monitor serves one client at a time. */
    private List<VmStats> frame(Duration sample) throws IOException {
        List<Vm> vms = new ArrayList<>();
        try {
            for (String name : root().names()) {
                try {
                    vms.add(attach(name));
                } catch (IOException e) {
                    // vanished between listing and attaching
                }
            }
            return Vm.stats(vms, sample);
        } finally {
            for (Vm vm : vms) {
                vm.close();
            }
        }
    }

    private static int columns() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120"));
        } catch (NumberFormatException e) {
            return 120;
        }
    }
}
