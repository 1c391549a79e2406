package io.kvmctl.qmp;

import io.kvmctl.testing.FakeQmpServer;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Not a test: prints figures. Against one real QEMU (TCG, -S): query-status round trips of {@link QmpClient}
 * versus a minimal raw client (JDK SocketChannel, no parsing), p50/p99; then pipelined versus sequential
 * throughput of QmpClient. QEMU serves one QMP client at a time, so the clients take turns, in alternating
 * rounds to spread drift. Run through bench/qmp.sh.
 */
public final class QmpBenchmark {
    private static final Duration T = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = 3;
        Path dir = Files.createTempDirectory("kvmctl-bench");
        Path socket = dir.resolve("qmp.sock");
        Process qemu = new ProcessBuilder(
                        QemuUnderTest.QEMU,
                        "-accel",
                        "tcg",
                        "-S",
                        "-display",
                        "none",
                        "-nodefaults",
                        "-m",
                        "64",
                        "-qmp",
                        "unix:" + socket + ",server=on,wait=off")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile())
                .start();
        try {
            waitForSocket(socket, qemu);
            long[] raw = new long[0];
            long[] ours = new long[0];
            for (int r = 0; r < rounds; r++) {
                raw = concat(raw, rawRoundTrips(socket, n / rounds));
                ours = concat(ours, clientRoundTrips(socket, n / rounds));
            }
            Arrays.sort(raw);
            Arrays.sort(ours);
            System.out.printf(
                    "query-status round trip, %d calls each (after warm-up), QEMU %s%n", raw.length, version(socket));
            System.out.printf("  raw SocketChannel client : p50 %6.1f us   p99 %6.1f us%n", p(raw, 50), p(raw, 99));
            System.out.printf("  kvmctl QmpClient         : p50 %6.1f us   p99 %6.1f us%n", p(ours, 50), p(ours, 99));
            System.out.printf(
                    "  ratio QmpClient/raw      : p50 %.2fx      p99 %.2fx   (target <= 1.1x)%n",
                    p(ours, 50) / p(raw, 50), p(ours, 99) / p(raw, 99));

            // QEMU reads one command at a time unless the client negotiated oob: then it queues up to 8.
            for (boolean oob : new boolean[] {false, true}) {
                QmpOptions options = QmpOptions.defaults()
                        .withConnectTimeout(T)
                        .withCommandTimeout(T)
                        .withOob(oob);
                try (QmpClient client = QmpClient.connect(socket, options)) {
                    int m = n;
                    sequential(client, m / 4); // warm-up
                    pipelined(client, m / 4, 64);
                    double seq = sequential(client, m);
                    double pipe = pipelined(client, m, 64);
                    System.out.printf(
                            "throughput, %d query-status calls, oob %s%n",
                            m, client.oobEnabled() ? "negotiated" : "off");
                    System.out.printf("  sequential (one in flight): %8.0f calls/s%n", seq);
                    System.out.printf("  pipelined (64 in flight)  : %8.0f calls/s%n", pipe);
                    System.out.printf("  speed-up                  : %.2fx   (target >= 3x)%n", pipe / seq);
                }
            }
            fakeServerThroughput(n);
        } finally {
            qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The client's own ceiling: the same loops against an in-process server that answers at once. */
    private static void fakeServerThroughput(int n) throws Exception {
        try (FakeQmpServer server = FakeQmpServer.connected()) {
            Thread responder = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        server.reply(server.receive(), "{\"status\": \"running\", \"running\": true}");
                    }
                } catch (IOException e) {
                    // the benchmark closed the connection
                }
            });
            sequential(server.client(), n);
            pipelined(server.client(), n, 64);
            double seq = sequential(server.client(), n);
            double pipe = pipelined(server.client(), n, 64);
            System.out.printf("throughput against an in-process server that answers at once (client ceiling)%n");
            System.out.printf("  sequential (one in flight): %8.0f calls/s%n", seq);
            System.out.printf("  pipelined (64 in flight)  : %8.0f calls/s%n", pipe);
            System.out.printf("  speed-up                  : %.2fx%n", pipe / seq);
            responder.interrupt();
        }
    }

    private static String version(Path socket) throws IOException {
        try (QmpClient client = QmpClient.connect(socket, T)) {
            return client.greeting().version().toString();
        }
    }

    private static long[] clientRoundTrips(Path socket, int n) throws IOException {
        try (QmpClient client = QmpClient.connect(socket, T)) {
            for (int i = 0; i < n / 2; i++) {
                client.execute("query-status"); // warm-up
            }
            long[] samples = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                JsonNode r = client.execute("query-status");
                samples[i] = System.nanoTime() - t0;
                if (!r.has("status")) {
                    throw new IllegalStateException("unexpected reply " + r);
                }
            }
            return samples;
        }
    }

    /** The least a client can do: write the command, read bytes up to the newline, no JSON parsing. */
    private static long[] rawRoundTrips(Path socket, int n) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer in = ByteBuffer.allocate(65536);
            readLine(ch, in); // greeting
            write(ch, "{\"execute\":\"qmp_capabilities\"}\n");
            readLine(ch, in);
            for (int i = 0; i < n / 2; i++) {
                write(ch, "{\"execute\":\"query-status\",\"id\":" + i + "}\n");
                readLine(ch, in);
            }
            long[] samples = new long[n];
            for (int i = 0; i < n; i++) {
                byte[] cmd = ("{\"execute\":\"query-status\",\"id\":" + i + "}\n").getBytes(StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                ch.write(ByteBuffer.wrap(cmd));
                readLine(ch, in);
                samples[i] = System.nanoTime() - t0;
            }
            return samples;
        }
    }

    private static void write(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void readLine(SocketChannel ch, ByteBuffer in) throws IOException {
        in.clear();
        while (true) {
            if (ch.read(in) < 0) {
                throw new IOException("QEMU closed the connection");
            }
            if (in.position() > 0 && in.get(in.position() - 1) == '\n') {
                return;
            }
        }
    }

    private static double sequential(QmpClient client, int n) throws IOException {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            client.execute("query-status");
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static double pipelined(QmpClient client, int n, int window) throws Exception {
        ArrayDeque<CompletableFuture<JsonNode>> inFlight = new ArrayDeque<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (inFlight.size() == window) {
                inFlight.poll().get(30, TimeUnit.SECONDS);
            }
            inFlight.add(client.submit("query-status", null));
        }
        while (!inFlight.isEmpty()) {
            inFlight.poll().get(30, TimeUnit.SECONDS);
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static void waitForSocket(Path socket, Process qemu) throws Exception {
        long deadline = System.nanoTime() + T.toNanos();
        while (true) {
            try {
                QmpClient.connect(socket, T).close();
                return;
            } catch (IOException e) {
                if (!qemu.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("QEMU did not offer QMP at " + socket, e);
                }
                qemu.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static long[] concat(long[] a, long[] b) {
        long[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static double p(long[] sorted, int percentile) {
        int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1000.0;
    }
}
