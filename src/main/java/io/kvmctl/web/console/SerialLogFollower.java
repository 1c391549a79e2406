package io.kvmctl.web.console;

import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * Follows a VM's serial log read-only, like {@code tail -f}: for a browser while another client holds the serial
 * socket. Woken by the file system (inotify) when QEMU appends, and at least every second to notice QEMU's exit.
 */
final class SerialLogFollower {
    interface Sink {
        void output(byte[] bytes) throws IOException;
    }

    private static final int CHUNK = 64 * 1024;

    private SerialLogFollower() {}

    /**
     * Sends what is appended to {@code log} after {@code from} to {@code sink} until QEMU exits (then returns,
     * having sent the last of it) or the thread is interrupted.
     */
    static void follow(Vm vm, Path log, long from, Sink sink) throws IOException, InterruptedException {
        long offset = from;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            log.getParent().register(watch, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            while (true) {
                boolean running = vm.isRunning();
                offset = sendNew(log, offset, sink);
                if (!running) {
                    return;
                }
                WatchKey key = watch.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    private static long sendNew(Path log, long offset, Sink sink) throws IOException {
        long size = SerialLogFile.size(log);
        if (size < offset) {
            offset = 0; // the log was replaced: start over on the new one
        }
        while (offset < size) {
            byte[] chunk = SerialLogFile.read(log, offset, Math.min(size, offset + CHUNK));
            if (chunk.length == 0) {
                break;
            }
            sink.output(chunk);
            offset += chunk.length;
        }
        return offset;
    }
}
