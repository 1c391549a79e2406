package io.kvmctl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every process whose command line mentions a runtime root: QEMUs, their supervisor shells, wrappers. Read from
 * {@code /proc} independently of kvmctl's own lookup, so a QEMU kvmctl fails to find is still seen here.
 * {@code qemu-img} (an overlay being created: it ends by itself) and JVMs are left out.
 */
public final class RootProcesses {
    /** One process: its pid, {@code comm} and argv. */
    public record Proc(int pid, String comm, List<String> argv) {
        /** The name of the VM whose runtime directory its argv mentions first. */
        public Optional<String> vmName(Path root) {
            String prefix = root + "/";
            for (String a : argv) {
                int at = a.indexOf(prefix);
                if (at >= 0) {
                    String rest = a.substring(at + prefix.length());
                    int slash = rest.indexOf('/');
                    return Optional.of(slash < 0 ? rest : rest.substring(0, slash));
                }
            }
            return Optional.empty();
        }

        public boolean isQemu() {
            return comm.startsWith("qemu-system");
        }

        @Override
        public String toString() {
            return pid + " (" + comm + ")";
        }
    }

    private RootProcesses() {}

    public static List<Proc> under(Path root) throws IOException {
        String needle = root + "/";
        List<Proc> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(
                Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path p : entries) {
                try {
                    byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
                    String cmdline = new String(raw, StandardCharsets.UTF_8);
                    if (raw.length == 0 || !cmdline.contains(needle)) {
                        continue;
                    }
                    String comm = Files.readString(p.resolve("comm")).strip();
                    if (comm.equals("java") || comm.equals("qemu-img")) {
                        continue;
                    }
                    found.add(new Proc(
                            Integer.parseInt(p.getFileName().toString()), comm, Arrays.asList(cmdline.split("\0"))));
                } catch (IOException gone) {
                    // ended while we looked
                }
            }
        }
        return found;
    }

    /** Waits up to {@code seconds} until none is left; returns what is left. */
    public static List<Proc> awaitNone(Path root, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Proc> left = under(root);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = under(root);
        }
        return left;
    }

    /** SIGKILLs each of them (a test's clean-up). */
    public static void killAll(Path root) throws IOException {
        for (Proc p : under(root)) {
            try {
                io.kvmctl.sys.Processes.kill(p.pid(), io.kvmctl.sys.Processes.SIGKILL);
            } catch (IOException gone) {
                // already gone
            }
        }
    }
}
