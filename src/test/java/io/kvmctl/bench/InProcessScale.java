package io.kvmctl.bench;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Many VMs from one JVM through {@code Vm.start}: start them, measure what each costs this JVM (heap after GC, RSS,
 * threads, fds), run checked commands from several threads while events are caused and timed, then stop them all
 * and look for leaks.
 */
final class InProcessScale {
    private final ScaleBenchmark.Settings settings;
    private final Path profile;
    private final RuntimeRoot root;

    InProcessScale(ScaleBenchmark.Settings settings, Path profile, RuntimeRoot root) {
        this.settings = settings;
        this.profile = profile;
        this.root = root;
    }

    void run() throws Exception {
        StartOptions options = StartOptions.defaults()
                .withRoot(root)
                .withPaused(!settings.running())
                .withReadyTimeout(Duration.ofSeconds(60));
        // Load the classes and warm the JIT on the start/stop path so the base below is the steady one.
        for (int i = 0; i < 3; i++) {
            Vm.start(profile, options.withName("warm-up")).stop(Duration.ZERO, true);
        }
        ProcessFigures base = ProcessFigures.self();
        System.out.println("base, before any VM:      " + base.describe());
        if (NativeMemory.enabled()) {
            NativeMemory.baseline();
        }

        int n = settings.vms();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(String.format("vm%03d", i));
        }
        Vm[] vms = new Vm[n];
        long[] startNanos = new long[n];
        long t0 = System.nanoTime();
        try (ExecutorService starters = Executors.newFixedThreadPool(settings.parallel())) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                done.add(starters.submit(() -> {
                    long s = System.nanoTime();
                    vms[index] = Vm.start(profile, options.withName(names.get(index)));
                    startNanos[index] = System.nanoTime() - s;
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        long startWall = System.nanoTime() - t0;
        System.out.printf(
                "started %d VMs (%s, %d at a time) in %.1f s; Vm.start each: %s%n",
                n,
                settings.running() ? "running" : "paused",
                settings.parallel(),
                startWall / 1e9,
                new Samples(startNanos).describe());

        List<QmpClient> clients = new ArrayList<>();
        for (Vm vm : vms) {
            clients.add(vm.qmp());
        }
        ProcessFigures loaded = ProcessFigures.self();
        System.out.println("with " + n + " VMs connected:   " + loaded.describe());
        printPerVm(base, loaded, n);
        if (NativeMemory.enabled()) {
            System.out.print("native memory tracking, committed since the base:\n" + NativeMemory.diff());
        }
        printQemuMemory(vms);

        CheckedCommands commands = CheckedCommands.discover(clients.get(0));
        System.out.println("commands: query-name and query-command-line-options for "
                + commands.options().size() + " options " + commands.options());

        // Events caused and timed while the command load runs, then again on a quiet JVM.
        EventLatency underLoad = new EventLatency();
        AtomicBoolean loadRunning = new AtomicBoolean(true);
        Thread eventThread = Thread.ofPlatform().name("scale-events").start(() -> {
            for (int i = 0; loadRunning.get(); i++) {
                underLoad.measurePair(clients.get(i % n));
            }
        });
        CommandLoad.Result load;
        try {
            load = new CommandLoad(names, clients, commands, settings.commands(), settings.batch())
                    .run(settings.threads());
        } finally {
            loadRunning.set(false);
            eventThread.join();
        }
        System.out.printf(
                "%d commands from %d threads (batches of %d pipelined on one VM) in %.2f s = %.0f/s%n",
                load.total(),
                settings.threads(),
                settings.batch(),
                load.wallNanos() / 1e9,
                load.total() / (load.wallNanos() / 1e9));
        System.out.printf(
                "  replies: %d correct, %d misrouted, %d lost, %d failed (target: 0 misrouted, 0 lost)%n",
                load.ok(), load.misrouted(), load.lost(), load.failed());
        if (load.firstProblem() != null) {
            System.out.println("  first problem: " + load.firstProblem());
        }
        System.out.println("  command latency: " + load.latency().describe());
        printEvents("events under that load", underLoad);

        EventLatency quiet = new EventLatency();
        for (int round = 0; round < 2; round++) {
            for (QmpClient c : clients) {
                quiet.measurePair(c);
            }
        }
        printEvents("events, quiet", quiet);

        ProcessFigures afterLoad = ProcessFigures.self();
        System.out.println("after the load:           " + afterLoad.describe());

        long s0 = System.nanoTime();
        try (ExecutorService stoppers = Executors.newFixedThreadPool(settings.parallel())) {
            List<Future<?>> done = new ArrayList<>();
            for (Vm vm : vms) {
                done.add(stoppers.submit(() -> vm.stop(Duration.ZERO, true)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        System.out.printf("stopped %d VMs (quit over QMP) in %.1f s%n", n, (System.nanoTime() - s0) / 1e9);
        // The reaper threads end as their supervisors are reaped; give the last ones a moment.
        Thread.sleep(500);
        ProcessFigures after = ProcessFigures.self();
        System.out.println("after stopping all:       " + after.describe());
        System.out.printf(
                "left over vs base: %+d threads, %+d fds (expected 0 and 0)%n",
                after.threads() - base.threads(), after.fds() - base.fds());
    }

    private static void printPerVm(ProcessFigures base, ProcessFigures loaded, int n) {
        double rss = (loaded.rssKib() - base.rssKib()) / 1024.0 / n;
        double heap = (loaded.heapBytes() - base.heapBytes()) / 1048576.0 / n;
        System.out.printf(
                "per VM: RSS %+.3f MiB, heap %+.3f MiB, %+.2f threads, %+.2f fds "
                        + "(target: kvmctl's memory < 1 MiB per VM) -> %s%n",
                rss,
                heap,
                (loaded.threads() - base.threads()) / (double) n,
                (loaded.fds() - base.fds()) / (double) n,
                rss < 1 && heap < 1 ? "met" : "MISSED");
    }

    private static void printQemuMemory(Vm[] vms) {
        long qemu = 0;
        long supervisors = 0;
        for (Vm vm : vms) {
            qemu += ProcessFigures.rssKib(vm.record().qemuPid());
            supervisors += ProcessFigures.rssKib(vm.record().supervisorPid());
        }
        System.out.printf(
                "not kvmctl's: QEMUs RSS %.0f MiB in all (%.1f MiB each), their sh supervisors %.1f MiB "
                        + "(%.2f MiB each)%n",
                qemu / 1024.0, qemu / 1024.0 / vms.length, supervisors / 1024.0, supervisors / 1024.0 / vms.length);
    }

    private static void printEvents(String what, EventLatency e) {
        Samples delivered = e.delivered();
        System.out.printf(
                "%s (%d failed%s):%n",
                what, e.failures(), e.firstFailure() == null ? "" : ", first: " + e.firstFailure());
        System.out.println(
                "  command sent -> caller has the event:  " + e.caused().describe());
        System.out.println("  QEMU's timestamp -> caller has it:     " + delivered.describe()
                + (delivered.count() == 0
                        ? ""
                        : delivered.percentileMs(99) < 20
                                ? "  (target p99 < 20 ms: met)"
                                : "  (target p99 < 20 ms: MISSED)"));
        System.out.println(
                "  QEMU's timestamp -> reader parsed it:  " + e.read().describe());
    }
}
