package io.kvmctl.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the JDK's ahead-of-time cache (scripts/train-aot): runs, in one JVM, the short commands
 * people and scripts call most, so the cache holds the classes, linked call sites and profiles each of them needs.
 * A JDK 25 cache is trained by one run of one JVM, and a cache trained on {@code probe} alone leaves {@code list},
 * {@code status} and {@code qmp} to load and link what they need on every call.
 *
 * <p>Not a command: scripts/train-aot starts it with the runtime root, store and log folders pointed at a fresh
 * temporary folder (so it never sees a user's VMs), after starting a small VM named {@value #VM} there when QEMU is
 * installed: {@code list}, {@code status} and {@code qmp} talk to a real QEMU. Without QEMU, those steps fail
 * quickly and the rest still trains. The output of every step is discarded: the cache is the product.
 */
final class AotTraining {
    static final String VM = "aot-training";

    private AotTraining() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: AotTraining PROFILE (started by scripts/train-aot)");
            System.exit(KvmctlCommand.EXIT_USAGE);
        }
        String profile = args[0];
        PrintStream realErr = System.err;
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        System.setOut(discard);
        System.setErr(discard);
        List<String> failed = new ArrayList<>();
        try {
            for (List<String> step : steps(profile)) {
                if (run(step) == KvmctlCommand.EXIT_USAGE) {
                    failed.add(String.join(" ", step));
                }
            }
        } finally {
            System.setErr(realErr);
        }
        // Steps that need QEMU or /dev/kvm fail on hosts without them; the cache is still worth having.
        failed.forEach(step -> realErr.println("train-aot: step failed (trained anyway): kvmctl " + step));
        System.exit(0);
    }

    /**
     * The commands to train. Only the short ones: every class in the cache is mapped and loaded at each start, so
     * a cache that also held {@code up} (profiles, QEMU's argv, the supervisor) would make {@code list} slower.
     * scripts/train-aot starts and stops the VM with a JVM of its own, outside the training.
     */
    static List<List<String>> steps(String profile) {
        return List.of(
                List.of("--version"),
                List.of("--help"),
                List.of("list"),
                List.of("list", "--json"),
                List.of("completion", "--names"), // every TAB on a VM name runs it
                List.of("cmdline", profile),
                List.of("probe", "--no-run"),
                List.of("status", VM),
                List.of("qmp", VM, "query-status"),
                List.of("qmp", VM, "query-status"),
                List.of("qmp", VM, "--json", "query-version"));
    }

    private static int run(List<String> step) {
        String[] args = step.toArray(String[]::new);
        PrintWriter discard = new PrintWriter(Writer.nullWriter(), true);
        try {
            return KvmctlCommand.newCommandLine(args)
                    .setOut(discard)
                    .setErr(discard)
                    .execute(args);
        } catch (RuntimeException e) {
            return KvmctlCommand.EXIT_USAGE;
        }
    }
}
