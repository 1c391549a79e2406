package io.kvmctl.migrate;

import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.SerialConsole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Linux test guest for migration tests: small RAM, a heartbeat every second, optional extra kernel args. */
final class MigrationGuests {
    static final Pattern HEARTBEAT = Pattern.compile("kvmctl-guest: heartbeat (\\d+)");
    static final Pattern READY = Pattern.compile(Pattern.quote(TestGuests.READY));
    /** A guest command that rewrites 16 MiB of page cache as fast as it can, for ever. */
    static final String DIRTY_RAM = "kvmctl.run=\"while true; do dd if=/dev/zero of=/tmp/x bs=1M count=16 "
            + "conv=notrunc 2>/dev/null; done\"";

    private MigrationGuests() {}

    static Path profile(Path dir, String name, String memory, String extraAppend) throws IOException {
        return profile(dir, name, memory, extraAppend, "");
    }

    /** The same with more top-level profile lines ({@code extraYaml}, e.g. {@code run_as: root\n}). */
    static Path profile(Path dir, String name, String memory, String extraAppend, String extraYaml) throws IOException {
        TestGuests.requireImages();
        String yaml = """
                name: %s
                accel: tcg
                memory: %s
                boot:
                  kernel: %s
                  initrd: %s
                  append: 'console=ttyS0 quiet kvmctl.heartbeat=1 kvmctl.dhcp=0 %s'
                """.formatted(name, memory, TestGuests.KERNEL, TestGuests.INITRD, extraAppend);
        return Files.writeString(dir.resolve(name + ".yaml"), yaml + extraYaml);
    }

    static long number(String heartbeatLine) {
        Matcher m = HEARTBEAT.matcher(heartbeatLine);
        if (!m.find()) {
            throw new IllegalArgumentException("not a heartbeat line: " + heartbeatLine);
        }
        return Long.parseLong(m.group(1));
    }

    /** The last heartbeat number the console has shown, or 0 when none yet. */
    static long last(SerialConsole console) {
        return console.lastMatch(HEARTBEAT).map(MigrationGuests::number).orElse(0L);
    }

    /** Waits for a heartbeat numbered above {@code n}; returns its number. */
    static long awaitAbove(SerialConsole console, long n, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = 0;
        while (true) {
            List<String> lines = console.lines();
            for (int i = from; i < lines.size(); i++) {
                Matcher m = HEARTBEAT.matcher(lines.get(i));
                if (m.find() && Long.parseLong(m.group(1)) > n) {
                    return Long.parseLong(m.group(1));
                }
            }
            from = lines.size();
            try {
                console.awaitLineAfter(from, HEARTBEAT, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (IOException e) {
                List<String> all = console.lines();
                throw new IOException(
                        e.getMessage() + "\nthe console's last lines:\n"
                                + String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size())),
                        e);
            }
        }
    }
}
