package io.kvmctl.cli;

import io.kvmctl.vm.LogRoot;
import io.kvmctl.vm.LogTail;
import io.kvmctl.vm.NoSuchVmException;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = {
            "Show a VM's serial console log (or QEMU's own output with --qemu).",
            "After 'kvmctl down' they are read from the VM's log folder: /var/log/kvmctl/NAME for root, else"
                    + " $XDG_STATE_HOME/kvmctl/NAME (~/.local/state/kvmctl/NAME), or $KVMCTL_LOG_DIR/NAME; each log is"
                    + " kept as up to 4 files of 2 MiB (serial.log, serial.log.1, ...), every run behind a '-- kvmctl:'"
                    + " line."
        })
final class LogsCommand extends VmCommand {
    @Parameters(paramLabel = "NAME", description = "The VM")
    String name;

    @Option(names = "--qemu", description = "QEMU's stdout/stderr instead of the guest's serial console")
    boolean qemu;

    @Option(
            names = {"-n", "--lines"},
            paramLabel = "N",
            defaultValue = "50",
            description = "How many of the last lines (default: ${DEFAULT-VALUE}; 0 = all)")
    int lines;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new output until the VM exits or Ctrl-C (a VM that is down has no more)")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        Path file;
        Vm vm;
        try {
            vm = attach(name);
        } catch (NoSuchVmException down) {
            return kept(down);
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        try (vm) {
            file = qemu ? vm.directory().qemuLog() : vm.directory().serialLog();
            if (!Files.exists(file)) {
                out().println("(no output yet)");
            } else if (lines == 0) {
                out().print(Files.readString(file, StandardCharsets.ISO_8859_1));
            } else {
                LogTail.lastLines(file, lines).forEach(out()::println);
            }
            out().flush();
            if (follow) {
                follow(vm, file);
            }
        }
        return 0;
    }

    /** For a VM that is down: what {@code down} kept in its log folder (see {@link LogRoot}). */
    private int kept(NoSuchVmException down) throws IOException {
        LogRoot logs = LogRoot.fromEnvironment();
        List<Path> files = qemu ? logs.qemuLogs(name) : logs.serialLogs(name);
        Path folder = logs.vm(name);
        if (files.isEmpty()) {
            return fail(down.getMessage() + ", and none of its " + (qemu ? "QEMU" : "serial") + " logs are kept in "
                    + folder + " (" + LogRoot.ENV + " chooses another log folder)");
        }
        Verbosity.info(spec, "VM " + name + " is not running; its logs are kept in " + folder);
        if (lines == 0) {
            for (Path file : files) {
                out().print(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        } else {
            List<String> tail = new ArrayList<>();
            for (Path file : files.reversed()) { // newest first, until enough lines
                List<String> older = LogTail.lastLines(file, lines - tail.size());
                tail.addAll(0, older);
                if (tail.size() >= lines) {
                    break;
                }
            }
            tail.forEach(out()::println);
        }
        out().flush();
        return 0;
    }

    /** Prints what is appended to {@code file}, woken by inotify (WatchService), until the VM exits. */
    private void follow(Vm vm, Path file) throws IOException, InterruptedException {
        long position = Files.exists(file) ? Files.size(file) : 0;
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            file.getParent()
                    .register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            while (vm.isRunning()) {
                var key = watcher.poll(1, TimeUnit.SECONDS); // the timeout only re-checks that the VM still runs
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
                position = printFrom(file, position);
            }
            printFrom(file, position);
        }
    }

    private long printFrom(Path file, long position) throws IOException {
        if (!Files.exists(file)) {
            return position;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= position) {
                return length;
            }
            byte[] bytes = new byte[(int) Math.min(length - position, 1 << 20)];
            in.seek(position);
            in.readFully(bytes);
            out().print(new String(bytes, StandardCharsets.ISO_8859_1));
            out().flush();
            return position + bytes.length;
        }
    }
}
