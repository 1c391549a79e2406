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
            "Ctrl-C ends it; --once prints one frame."
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
    public Integer call() {
        if (interval.compareTo(Duration.ofMillis(100)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            return fail("--interval " + Durations.format(interval) + " is out of range: give 100ms to 1h");
        }
        if (iterations != null && iterations < 1) {
            return fail("--iterations must be 1 or more");
        }
        int frames = once ? 1 : iterations == null ? Integer.MAX_VALUE : iterations;
        boolean refresh = !once && !json && Terminal.interactive();
        int columns = width != null ? width : columns();
        // The first frame samples briefly so it appears at once; later ones measure over the whole interval.
        Duration sample = interval.compareTo(Duration.ofMillis(500)) < 0 ? interval : Duration.ofMillis(500);
        for (int frame = 0; frame < frames; frame++) {
            List<VmStats> stats;
            try {
                stats = frame(frame == 0 ? sample : interval);
            } catch (IOException e) {
                return fail(e.getMessage());
            }
            if (json) {
                out().println(CliJson.line(
                        StatsJson.Top.KIND,
                        new StatsJson.Top(
                                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
                                stats.stream().map(StatsJson::of).toList())));
                out().flush();
                continue;
            }
            String header = "kvmctl top - "
                    + LocalTime.now(java.time.ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS) + ", "
                    + stats.size() + " VM" + (stats.size() == 1 ? "" : "s")
                    + (once ? "" : ", every " + Durations.format(interval));
            out().print((refresh ? CLEAR : "") + StatsTable.top(stats, columns, header));
            out().flush();
        }
        return 0;
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
