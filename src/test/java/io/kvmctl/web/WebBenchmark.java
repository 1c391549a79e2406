package io.kvmctl.web;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What {@code kvmctl web} costs with many VMs on one page (bench/web.sh; a benchmark, not a test: it prints figures
 * and asserts nothing). A real {@code kvmctl web} process, headless Chromium on the list page, and boot-sector
 * guests (hello.img, TCG, 16M, running) started in this JVM, in three steps: no VM, one VM, N VMs. At each step:
 *
 * <ul>
 *   <li>the server's and the browser's CPU over an idle period with the page open (from /proc: utime + stime);
 *   <li>the server's RSS, threads and descriptors after a full GC ({@code jcmd GC.run}); per VM = (N - none) / N;
 *   <li>how long a state change takes to reach the page: QMP {@code stop}/{@code cont} sent from this JVM, then
 *       the wall-clock time at which a MutationObserver in the page saw the row's state change.
 * </ul>
 *
 * The one-VM step is the baseline the N-VM step is read against: the same page, server and browser.
 */
public final class WebBenchmark {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private WebBenchmark() {}

    public static void main(String[] args) throws Exception {
        int vmCount = intArg(args, "--vms", 50);
        int idleSeconds = intArg(args, "--idle-seconds", 30);
        int rounds = intArg(args, "--rounds", 20);
        IsolatedVms isolated = new IsolatedVms();
        RuntimeRoot root = isolated.root();
        Path profile = profile(isolated.dir());
        List<Vm> vms = new ArrayList<>();
        System.out.printf(
                "machine: %d CPUs, load %s; guests: boot sector hello.img, accel tcg, 16M, running%n",
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        try (KvmctlWebProcess web = KvmctlWebProcess.start(root);
                HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open(web.loginUrl());
            browser.open(web.base() + "/#/");
            installObserver(browser);
            long server = web.pid();

            List<String> header = List.of(
                    "VMs", "server CPU %", "browser CPU %", "server RSS MiB", "threads", "fds", "change->page ms");
            List<List<String>> rows = new ArrayList<>();
            Step none = measure(0, web, browser, idleSeconds, List.of(), 0);
            rows.add(none.row());

            startVms(vms, profile, isolated.options(), 1);
            awaitRows(browser, 1);
            rows.add(measure(1, web, browser, idleSeconds, vms, rounds).row());

            startVms(vms, profile, isolated.options(), vmCount);
            long shownAt = awaitRows(browser, vmCount);
            System.out.printf("the page listed all %d VMs %d ms after the last one started%n", vmCount, shownAt);
            Step many = measure(vmCount, web, browser, idleSeconds, vms, rounds);
            rows.add(many.row());

            System.out.println();
            print(header, rows);
            System.out.printf(
                    "%nper VM (N=%d minus none, / N): %.2f MiB RSS, %.2f threads, %.2f fds (server pid %d)%n",
                    vmCount,
                    (many.rssKib - none.rssKib) / 1024.0 / vmCount,
                    (many.threads - none.threads) / (double) vmCount,
                    (many.fds - none.fds) / (double) vmCount,
                    server);
        } finally {
            for (Vm vm : vms) {
                try {
                    vm.stop(Duration.ZERO, true);
                } catch (IOException e) {
                    // killed below
                }
            }
            isolated.afterEach(null);
        }
    }

    /** One step's figures, the idle ones over {@code idleSeconds} with the list page open. */
    private record Step(
            int vms, double serverCpu, double browserCpu, long rssKib, int threads, int fds, String latency) {
        List<String> row() {
            return List.of(
                    Integer.toString(vms),
                    String.format("%.2f", serverCpu),
                    String.format("%.2f", browserCpu),
                    String.format("%.1f", rssKib / 1024.0),
                    Integer.toString(threads),
                    Integer.toString(fds),
                    latency);
        }
    }

    private static Step measure(
            int count, KvmctlWebProcess web, HeadlessChromium browser, int idleSeconds, List<Vm> vms, int rounds)
            throws Exception {
        Thread.sleep(3000); // let the page and the server settle after the starts
        long serverBefore = cpuTicks(web.pid());
        long browserBefore = browserTicks();
        long t0 = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        double wall = (System.nanoTime() - t0) / 1e9;
        double serverCpu = 100.0 * (cpuTicks(web.pid()) - serverBefore) / TICKS_PER_SECOND / wall;
        double browserCpu = 100.0 * (browserTicks() - browserBefore) / TICKS_PER_SECOND / wall;
        String latency = vms.isEmpty() ? "-" : stateLatency(browser, vms, rounds);
        gc(web.pid());
        long pid = web.pid();
        return new Step(
                count,
                serverCpu,
                browserCpu,
                statusField(pid, "VmRSS"),
                (int) statusField(pid, "Threads"),
                fdCount(pid),
                latency);
    }

    /**
     * Pause and resume VMs from this JVM (QMP on the starter's monitor, as {@code kvmctl pause} would on another)
     * and time until the page's row shows it: min/median/max over {@code rounds} changes.
     */
    private static String stateLatency(HeadlessChromium browser, List<Vm> vms, int rounds) throws Exception {
        long[] ms = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            Vm vm = vms.get(i % vms.size());
            boolean pause = i % 2 == 0 || vms.size() > 1;
            String want = pause ? "paused" : "running";
            String key = vm.name() + ":" + want;
            browser.script("delete window.kvmctlSeen[arguments[0]];", key);
            long sent = System.currentTimeMillis();
            if (pause) {
                vm.pause();
            } else {
                vm.resume();
            }
            long seen = awaitSeen(browser, key);
            ms[i] = seen - sent;
            if (pause && vms.size() > 1) {
                vm.resume(); // many VMs: each round pauses a different one; put it back
            }
        }
        if (vms.size() > 1) {
            Thread.sleep(1500);
        }
        Arrays.sort(ms);
        return String.format("%d / %d / %d", ms[0], ms[ms.length / 2], ms[ms.length - 1]);
    }

    private static long awaitSeen(HeadlessChromium browser, String key) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Object seen = browser.script("return window.kvmctlSeen[arguments[0]] ?? null;", key);
            if (seen instanceof Number n) {
                return n.longValue();
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the page did not show " + key + " within 30 s");
    }

    /** Records, per "NAME:state", the wall-clock time the page first showed it (rows carry data-state). */
    private static void installObserver(HeadlessChromium browser) {
        browser.script("""
                window.kvmctlSeen = {};
                const note = () => {
                  const now = Date.now();
                  for (const tr of document.querySelectorAll('tr[data-vm]')) {
                    const key = tr.dataset.vm + ':' + tr.dataset.state;
                    if (!(key in window.kvmctlSeen)) window.kvmctlSeen[key] = now;
                  }
                };
                new MutationObserver(note).observe(document.body,
                    {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state']});
                """);
    }

    /** Waits until the list has {@code count} rows; returns how long that took, in ms. */
    private static long awaitRows(HeadlessChromium browser, int count) {
        long t0 = System.nanoTime();
        browser.await(
                count + " rows in the VM list",
                Duration.ofSeconds(60),
                d -> ((Number) browser.script("return document.querySelectorAll('tr[data-vm]').length;")).intValue()
                        >= count);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void startVms(List<Vm> vms, Path profile, StartOptions options, int upTo) throws Exception {
        try (ExecutorService starters = Executors.newFixedThreadPool(4)) {
            List<Future<Vm>> started = new ArrayList<>();
            for (int i = vms.size(); i < upTo; i++) {
                String name = String.format("vm%03d", i);
                started.add(starters.submit(() -> Vm.start(profile, options.withName(name))));
            }
            for (Future<Vm> f : started) {
                vms.add(f.get());
            }
        }
    }

    /**
     * hello.img shared read-only by every guest (snapshot: true), as bench/scale.sh does; TCG, so that it runs on
     * hosts without a usable /dev/kvm too (the guest halts after its greeting, so TCG costs about what KVM does).
     */
    private static Path profile(Path dir) throws IOException {
        TestGuests.requireImages();
        return Files.writeString(dir.resolve("webbench.yaml"), """
                name: webbench
                accel: tcg
                memory: 16M
                disks:
                  - file: %s
                    format: raw
                    bus: ide
                    snapshot: true
                """.formatted(TestGuests.HELLO));
    }

    private static void gc(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.waitFor();
    }

    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
    }

    /** The CPU ticks of every Chromium process (the only browser this benchmark runs). */
    private static long browserTicks() throws IOException {
        long ticks = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String comm = Files.readString(p.resolve("comm")).strip();
                    if (comm.startsWith("chrom")) {
                        ticks += cpuTicks(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // exited while listed
                }
            }
        }
        return ticks;
    }

    private static long statusField(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    private static int fdCount(long pid) throws IOException {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        }
    }

    private static void print(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                line.append(String.format("%" + width[c] + "s", row.get(c))).append(c + 1 < width.length ? "  " : "");
            }
            System.out.println(line);
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
