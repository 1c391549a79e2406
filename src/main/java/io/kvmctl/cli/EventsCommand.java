package io.kvmctl.cli;

import io.kvmctl.qmp.EventSubscription;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpConnectionClosedException;
import io.kvmctl.qmp.QmpEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvmctl events}: QMP events as JSON lines. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = {
            "Print QMP events as JSON lines, as QEMU sends them.",
            "Without --follow: the first (matching) event, then exit. With --follow: every event until QEMU "
                    + "closes the connection."
        },
        footer = {"%nExit codes: 0 success, 1 no event within --timeout, 2 bad input or no connection."})
public final class EventsCommand implements Callable<Integer> {
    @Mixin
    QmpTarget target;

    @Parameters(index = "1..*", hidden = true)
    List<String> rest;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing events until the connection closes.")
    boolean follow;

    @Option(names = "--filter", paramLabel = "NAME", description = "Only events with this name (e.g. SHUTDOWN).")
    String filter;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Without --follow, how long to wait for the event: " + DurationConverter.SYNTAX
                    + " (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        target.requireNoOperands(rest);
        PrintWriter out = spec.commandLine().getOut();
        EventSubscription[] subscription = new EventSubscription[1];
        QmpClient client = QmpConnections.open(
                target, Duration.ofSeconds(10), false, c -> subscription[0] = c.subscribe(filter, 65536));
        try (client;
                EventSubscription events = subscription[0]) {
            if (!follow) {
                Optional<QmpEvent> event = events.poll(timeout);
                if (event.isEmpty()) {
                    spec.commandLine()
                            .getErr()
                            .println("kvmctl: no " + (filter == null ? "event" : filter + " event") + " within "
                                    + io.kvmctl.text.Durations.format(timeout));
                    return KvmctlCommand.EXIT_NEGATIVE;
                }
                out.println(QmpOutput.eventLine(event.get()));
                out.flush();
                return 0;
            }
            long reported = 0;
            while (true) {
                Optional<QmpEvent> event;
                try {
                    event = events.poll(Duration.ofMinutes(10));
                } catch (QmpConnectionClosedException e) {
                    return 0; // QEMU went away: the stream ends
                }
                if (event.isPresent()) {
                    out.println(QmpOutput.eventLine(event.get()));
                    out.flush();
                }
                if (events.dropped() > reported) {
                    spec.commandLine()
                            .getErr()
                            .println("kvmctl: output too slow, " + (events.dropped() - reported) + " events dropped");
                    reported = events.dropped();
                }
            }
        }
    }
}
