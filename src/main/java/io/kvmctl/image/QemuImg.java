package io.kvmctl.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Runs {@code qemu-img}: one process per call, bounded by a timeout, its stderr quoted when it fails. The binary is
 * {@code $KVMCTL_QEMU_IMG}, else {@code qemu-img} beside the QEMU in use, else {@code /usr/bin/qemu-img}.
 */
public final class QemuImg {
    private final Path binary;

    public QemuImg(Path binary) {
        this.binary = binary;
    }

    public static QemuImg fromEnvironment() {
        String explicit = System.getenv("KVMCTL_QEMU_IMG");
        return new QemuImg(Path.of(explicit != null && !explicit.isBlank() ? explicit : "/usr/bin/qemu-img"));
    }

    public Path binary() {
        return binary;
    }

    /** Runs {@code qemu-img ARGS} and returns its stdout; fails with its stderr when it exits non-zero. */
    public String run(List<String> args, Duration timeout) throws IOException {
        return run(args, timeout, null);
    }

    /**
     * Like {@link #run(List, Duration)}; with {@code progress}, stdout is read as {@code -p} progress
     * ({@code "    (42.00/100%)\r"}) and each whole percent is passed on as it arrives.
     */
    public String run(List<String> args, Duration timeout, IntConsumer progress) throws IOException {
        if (!Files.isExecutable(binary)) {
            throw new ImageException(binary + " is not there: install qemu-img (Debian: apt-get install qemu-utils)"
                    + " or set KVMCTL_QEMU_IMG");
        }
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(args);
        Process p = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(
                () -> progress == null ? drain(p.getInputStream()) : readProgress(p.getInputStream(), progress));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new ImageException("qemu-img " + args.getFirst() + " did not finish within " + timeout.toSeconds()
                        + " s and was killed");
            }
            String out = stdout.get(5, TimeUnit.SECONDS);
            String err = stderr.get(5, TimeUnit.SECONDS).strip();
            if (p.exitValue() != 0) {
                throw new ImageException(
                        err.isEmpty()
                                ? "qemu-img " + args.getFirst() + " failed with status " + p.exitValue()
                                : err.lines().reduce((a, b) -> b).orElse(err));
            }
            return out;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while qemu-img " + args.getFirst() + " ran");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ImageException("reading qemu-img's output failed: " + e, e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Parses {@code (NN.NN/100%)} records separated by CR; reports each percent once. */
    static String readProgress(InputStream in, IntConsumer progress) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        StringBuilder record = new StringBuilder();
        int last = -1;
        try (in) {
            int c;
            while ((c = in.read()) >= 0) {
                all.write(c);
                if (c == '\r' || c == '\n') {
                    int pct = ProgressRecord.percent(record.toString());
                    if (pct >= 0 && pct != last) {
                        last = pct;
                        progress.accept(pct);
                    }
                    record.setLength(0);
                } else {
                    record.append((char) c);
                }
            }
        } catch (IOException e) {
            // the process ended; its exit status says whether that matters
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
