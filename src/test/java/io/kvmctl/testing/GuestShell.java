package io.kvmctl.testing;

import io.kvmctl.vm.SerialConsole;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Runs a command in the Linux test guest's root shell and returns the lines it printed. */
public final class GuestShell {
    private static final AtomicInteger MARKS = new AtomicInteger();

    private GuestShell() {}

    /** Types {@code command} and waits for an end marker; the lines in between are its output (and heartbeats). */
    public static List<String> run(SerialConsole console, String command, Duration timeout) throws IOException {
        String mark = "kvmctl-done-" + MARKS.incrementAndGet();
        int from = console.lineCount();
        // The marker is printed by echo, so the typed command line (which contains it only split) never matches.
        console.send(command + "; echo kvmctl-done-\"\"" + mark.substring("kvmctl-done-".length()) + "\n");
        console.awaitLineAfter(from, Pattern.compile("^" + Pattern.quote(mark) + "$"), timeout);
        List<String> lines = console.lines();
        int end = lines.size();
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).equals(mark)) {
                end = i;
                break;
            }
        }
        return lines.subList(Math.min(from, end), end);
    }
}
