package io.kvmctl.bench;

import io.kvmctl.vm.RuntimeRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code ./kvmctl} (a new JVM each time, as a user would) against a private runtime root, under GNU
 * time so the peak resident memory of the kvmctl process is known after it has exited.
 */
final class CliRunner {
    /** One finished run: exit code, wall time, peak RSS of kvmctl (KiB, 0 when unknown) and its output. */
    record Run(int exit, long wallNanos, long maxRssKib, String out, String err) {}

    private static final Path TIME = Path.of("/usr/bin/time");
    private static final long TIMEOUT_SECONDS = 300;

    private final Path kvmctl = Path.of("kvmctl").toAbsolutePath();
    private final RuntimeRoot root;
    private final Path scratch;

    CliRunner(RuntimeRoot root, Path scratch) {
        this.root = root;
        this.scratch = scratch;
    }

    static boolean measuresMemory() {
        return Files.isExecutable(TIME);
    }

    Run run(String... args) throws IOException, InterruptedException {
        Path timeFile = Files.createTempFile(scratch, "time", ".txt");
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        try {
            List<String> command = new ArrayList<>();
            if (measuresMemory()) {
                command.addAll(List.of(TIME.toString(), "-q", "-f", "%M", "-o", timeFile.toString()));
            }
            command.add(kvmctl.toString());
            command.addAll(List.of(args));
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(
                        "kvmctl " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            long wall = System.nanoTime() - t0;
            String rss = measuresMemory() ? Files.readString(timeFile).strip() : "";
            long maxRss = rss.matches("\\d+") ? Long.parseLong(rss) : 0;
            return new Run(p.exitValue(), wall, maxRss, Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(timeFile);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
