package io.kvmctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The keys typed at {@code top}, read by a daemon thread so the screen keeps refreshing while nobody types. The
 * terminal must be in single-key mode ({@link TerminalMode#keys()}).
 */
final class TopKeys {
    private final BlockingQueue<Integer> typed = new LinkedBlockingQueue<>();

    private TopKeys() {}

    static TopKeys start(InputStream in) {
        TopKeys keys = new TopKeys();
        Thread.ofPlatform().daemon().name("kvmctl-top-keys").start(() -> {
            try {
                for (int b; (b = in.read()) >= 0; ) {
                    keys.typed.add(b);
                }
            } catch (IOException e) {
                // no more keys: top goes on refreshing until Ctrl-C
            }
        });
        return keys;
    }

    /** The next key typed before {@code deadline} ({@link System#nanoTime()}), or null when none came. */
    Integer next(long deadline) {
        try {
            return typed.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
