package io.kvmctl.cli;

import io.kvmctl.qmp.EventSubscription;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpConnectionClosedException;
import io.kvmctl.qmp.QmpEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kvmctl qmp-shell}: an interactive QMP (or, with -H, HMP) prompt. On a terminal it uses JLine for line
 * editing, history ({@code ~/.kvmctl_qmp_history}) and tab completion ({@link ShellCompletion}: command and argument
 * names and enum values from the QEMU's schema, HMP commands with -H); otherwise it reads
 * lines from stdin, so it also works in a pipe. Events are printed as they arrive.
 */
@Command(
        name = "qmp-shell",
        mixinStandardHelpOptions = true,
        description = {
            "Interactive QMP shell: type COMMAND key=value... or a JSON {\"execute\": ...} line.",
            "Events are printed as they arrive. Ctrl-D or 'exit' leaves ('quit' is QEMU's quit command).",
            "TAB completes command and argument names and enum values from this QEMU's schema (HMP commands with -H);"
                    + " 'help COMMAND' shows a command's arguments and reply."
        },
        footer = {
            "%nExit codes: 0 normal end; 2 no connection or the connection broke. From a pipe (stdin not a terminal)"
                    + " every line runs, each error goes to stderr with its line number, and the exit code is 2 if"
                    + " a line was not understood (bad JSON, quoting, unknown command), else 1 if a command failed"
                    + " in QEMU, else 0."
        })
public final class QmpShellCommand implements Callable<Integer> {
    @Mixin
    QmpTarget target;

    @Parameters(index = "1..*", hidden = true)
    List<String> rest;

    @Option(
            names = {"-H", "--hmp"},
            description = "HMP mode: lines are human monitor commands (info status, ...).")
    boolean hmp;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description =
                    "How long to wait for each reply: " + DurationConverter.SYNTAX + " (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where lines come from; tests replace it. */
    InputStream input = System.in;

    @Override
    public Integer call() throws Exception {
        target.requireNoOperands(rest);
        PrintWriter out = spec.commandLine().getOut();
        EventSubscription[] subscription = new EventSubscription[1];
        try (QmpClient client =
                        QmpConnections.open(target, timeout, true, c -> subscription[0] = c.subscribe(null, 4096));
                EventSubscription events = subscription[0]) {
            ShellSession session = new ShellSession(client, hmp, timeout);
            boolean terminal = readsStandardInput() && io.kvmctl.cli.Terminal.interactive(); // not jline's Terminal
            return terminal ? interactive(client, session, events) : piped(session, events, out);
        } catch (QmpConnectionClosedException e) {
            spec.commandLine().getErr().println("kvmctl: " + e.getMessage());
            return KvmctlCommand.EXIT_USAGE;
        }
    }

    private int piped(ShellSession session, EventSubscription events, PrintWriter out) throws IOException {
        Thread printer = eventPrinter(events, line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        });
        ShellSession.Outcome worst = ShellSession.Outcome.DONE;
        PrintWriter err = spec.commandLine().getErr();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.strip().equals("exit")) {
                    break;
                }
                ShellSession.Reply reply = session.answer(line);
                if (reply == null) {
                    continue;
                }
                if (reply.outcome() == ShellSession.Outcome.DONE) {
                    synchronized (out) {
                        out.println(reply.text());
                        out.flush();
                    }
                } else {
                    // A script reading our output must not take an error for a reply; the line number finds it.
                    err.println("kvmctl qmp-shell: line " + number + ": " + reply.text());
                    err.flush();
                    worst = reply.outcome().compareTo(worst) > 0 ? reply.outcome() : worst;
                }
            }
        } finally {
            printer.interrupt();
        }
        return switch (worst) {
            case DONE -> 0;
            case FAILED -> KvmctlCommand.EXIT_NEGATIVE;
            case BAD_INPUT -> KvmctlCommand.EXIT_USAGE;
        };
    }

    private int interactive(QmpClient client, ShellSession session, EventSubscription events) throws IOException {
        // The exec provider (stty through a child process) and the dumb one only: no native code in the JVM.
        try (Terminal terminal = TerminalBuilder.builder()
                .system(true)
                .jni(false)
                .jna(false)
                .jansi(false)
                .ffm(false)
                .exec(true)
                .dumb(true)
                .build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .completer((r, parsed, candidates) -> session.complete(parsed.line(), parsed.cursor())
                            .forEach(c -> candidates.add(
                                    new Candidate(c.value(), c.value(), null, null, null, null, c.complete()))))
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .build();
            Thread printer = eventPrinter(events, reader::printAbove);
            try {
                terminal.writer()
                        .println("Connected to QEMU " + client.greeting().version() + (hmp ? " (HMP mode)" : ""));
                while (true) {
                    String line;
                    try {
                        line = reader.readLine(session.prompt());
                    } catch (UserInterruptException e) {
                        continue;
                    } catch (EndOfFileException e) {
                        return 0;
                    }
                    if (line.strip().equals("exit")) {
                        return 0;
                    }
                    String result = session.run(line);
                    if (result != null) {
                        terminal.writer().println(result);
                        terminal.flush();
                    }
                }
            } finally {
                printer.interrupt();
            }
        }
    }

    private static Path historyFile() {
        return Path.of(System.getProperty("user.home"), ".kvmctl_qmp_history");
    }

    private Thread eventPrinter(EventSubscription events, Consumer<String> print) {
        return Thread.ofPlatform().daemon().name("qmp-shell events").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Optional<QmpEvent> e = events.poll(Duration.ofSeconds(1));
                    e.ifPresent(event -> print.accept("event: " + QmpOutput.eventHuman(event)));
                }
            } catch (IOException e) {
                // connection closed or interrupted: the shell's next command reports it
            }
        });
    }

    /** Whether input is this process's standard input itself (tests hand in their own stream). */
    @SuppressWarnings("ReferenceEquality") // the very stream object is the question, not equal contents
    private boolean readsStandardInput() {
        return input == System.in;
    }
}
