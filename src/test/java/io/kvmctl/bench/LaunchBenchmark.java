package io.kvmctl.bench;

import io.kvmctl.sys.Processes;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.unix.UnixServerSocket;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Time from "start" to "QMP answers" for a paused boot-sector guest, three ways (prints figures, asserts nothing):
 * bare QEMU spawned with the same arguments until its greeting arrives (the floor), kvmctl's in-process API
 * ({@code Vm.start}, which also negotiates QMP, finds QEMU's pid and records state), and the CLI
 * ({@code ./kvmctl up}, a new JVM each time). Run by bench/launch.sh.
 */
public final class LaunchBenchmark {
    private static final java.util.List<Long> GREETING_ONLY = new java.util.ArrayList<>();

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        // Runtime roots are tmpfs in real use (/run/kvmctl, $XDG_RUNTIME_DIR): measure on tmpfs too.
        Path tmp = Files.createTempDirectory(Path.of("/dev/shm"), "kvmctl-bench");
        RuntimeRoot root = new RuntimeRoot(tmp.resolve("run")).ensure();
        Path profile = Files.writeString(tmp.resolve("bench.yaml"), """
                name: bench
                accel: kvm
                memory: 16M
                disks:
                  - file: %s
                    format: raw
                    bus: ide
                """.formatted(TestGuests.HELLO));
        StartOptions options = StartOptions.defaults().withRoot(root).withPaused(true);

        // Warm up the JIT and the page cache on both paths.
        for (int i = 0; i < 5; i++) {
            timeApi(profile, options);
            timeBare(profile, options, tmp);
        }
        long[] bare = new long[rounds];
        long[] api = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            bare[i] = timeBare(profile, options, tmp);
            api[i] = timeApi(profile, options);
        }
        long[] cli = new long[Math.min(rounds, 10)];
        for (int i = 0; i < cli.length; i++) {
            cli[i] = timeCli(profile, root);
        }
        GREETING_ONLY.subList(0, 5).clear(); // the warm-up rounds
        print(
                "bare QEMU to QMP greeting",
                GREETING_ONLY.stream().mapToLong(Long::longValue).toArray());
        print("bare QEMU to QMP negotiated", bare);
        print("Vm.start (in-process API)", api);
        print("./kvmctl up (new JVM)", cli);
        System.out.printf(
                "in-process overhead over bare QEMU to a negotiated QMP: p50 %.1f ms (target <= 10 ms)%n",
                (median(api) - median(bare)) / 1e6);
    }

    private static long timeApi(Path profile, StartOptions options) throws Exception {
        long t0 = System.nanoTime();
        Vm vm = Vm.start(profile, options);
        long t = System.nanoTime() - t0;
        vm.stop(Duration.ZERO, true);
        return t;
    }

    /** The same argv kvmctl builds, spawned the same way, timed until the greeting's first bytes. */
    private static long timeBare(Path profile, StartOptions options, Path tmp) throws Exception {
        List<String> argv;
        String sourceDir;
        try (Vm vm = Vm.start(profile, options.withName("argv-source"))) {
            argv = vm.record().argv();
            sourceDir = vm.directory().path().toString();
            vm.stop(Duration.ZERO, true);
        }
        Path dir = Files.createTempDirectory(tmp, "bare"); // SIGKILL leaves the socket files of the last round
        // The source VM's runtime directory is gone: its pid file and serial log go to ours.
        argv = argv.stream().map(a -> a.replace(sourceDir, dir.toString())).toList();
        Path qmp = dir.resolve("q.sock");
        Path mon = dir.resolve("m.sock");
        Path serial = dir.resolve("s.sock");
        Path control = dir.resolve("c.sock");
        long t0 = System.nanoTime();
        int pid;
        try (UnixServerSocket a = UnixServerSocket.listen(qmp);
                UnixServerSocket b = UnixServerSocket.listen(mon);
                UnixServerSocket c = UnixServerSocket.listen(serial);
                UnixServerSocket d = UnixServerSocket.listen(control)) {
            pid = Processes.spawn(new Processes.SpawnRequest(
                    argv,
                    System.getenv(),
                    Map.of(3, a.fd(), 4, d.fd(), 5, b.fd(), 6, c.fd()),
                    dir.resolve("log").toString(),
                    true));
            a.release();
            b.release();
            c.release();
            d.release();
        }
        long greeted;
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(qmp))) {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            if (ch.read(buf) <= 0 || buf.get(2) != 'Q') { // {"QMP": ...
                throw new IOException("bare QEMU gave no QMP greeting: see " + dir.resolve("log"));
            }
            greeted = System.nanoTime() - t0;
            // QEMU greets before its main loop runs; it answers the negotiation only once it does. Vm.start
            // returns when QMP is usable, so this is the fair floor for it.
            ch.write(ByteBuffer.wrap("{\"execute\":\"qmp_capabilities\"}\n".getBytes()));
            buf.clear();
            while (ch.read(buf) > 0 && buf.get(buf.position() - 1) != '\n') {
                // read the reply line
            }
        }
        long t = System.nanoTime() - t0;
        GREETING_ONLY.add(greeted);
        Processes.kill(pid, Processes.SIGKILL);
        Processes.waitFor(pid, false);
        return t;
    }

    private static long timeCli(Path profile, RuntimeRoot root) throws Exception {
        long t0 = System.nanoTime();
        ProcessBuilder pb =
                new ProcessBuilder("./kvmctl", "up", profile.toString(), "--name", "cli", "--paused").inheritIO();
        pb.environment().put("KVMCTL_RUNTIME_DIR", root.path().toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (pb.start().waitFor() != 0) {
            throw new IOException("kvmctl up failed");
        }
        long t = System.nanoTime() - t0;
        try (Vm vm = Vm.attach(root, "cli")) {
            vm.stop(Duration.ZERO, true);
        }
        return t;
    }

    private static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(
                "%-28s n=%-3d p50 %7.1f ms   p90 %7.1f ms   min %7.1f ms%n",
                what, s.length, s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6, s[0] / 1e6);
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
