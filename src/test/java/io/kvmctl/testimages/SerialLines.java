package io.kvmctl.testimages;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The lines a guest writes on its serial port (QEMU's {@code -serial stdio}), read by a virtual thread so that
 * tests wait for a line with a timeout instead of blocking on the stream or sleeping.
 */
final class SerialLines {
    /** Marks the end of the stream in the queue (QEMU exited or closed stdout). */
    private static final String END = new String("<end of serial output>");

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    SerialLines(InputStream serial) {
        Thread.ofVirtual().name("serial-reader").start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(serial, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    queue.add(line);
                }
            } catch (IOException e) {
                // QEMU was killed while we read: the stream simply ends.
            } finally {
                queue.add(END);
            }
        });
    }

    /**
     * Returns the next line that matches, skipping the others.
     *
     * @throws AssertionError naming {@code what} and showing the last lines seen, when no such line comes
     *     within the timeout or the output ends first
     */
    String await(String what, Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null || line == END) {
                if (line == END) {
                    queue.add(END); // later waits must see the end as well
                }
                throw new AssertionError("waited for " + what + " on the serial console "
                        + (line == null ? "for " + timeout.toSeconds() + " s" : "until the output ended")
                        + "; last lines:\n  " + String.join("\n  ", tail(20)));
            }
            seen.add(line);
            if (matches.test(line)) {
                return line;
            }
        }
    }

    private List<String> tail(int n) {
        return seen.subList(Math.max(0, seen.size() - n), seen.size());
    }
}
