package io.kvmctl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qmp.Json;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.Vm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A real {@code kvmctl web} process on an isolated runtime root, driven over HTTP and WebSocket by the JDK's client,
 * with one busybox guest (TCG) started and killed from outside, as a user's other shell would.
 */
class WebServerIT {
    /** A bound for waiting, not a speed claim: the time a VM took to show is printed, not asserted. */
    private static final long PATIENCE_MS = 20_000;

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    private Process web;
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void stopWeb() throws InterruptedException {
        if (web != null) {
            web.destroy(); // SIGTERM: the server's own shutdown
            if (!web.waitFor(20, TimeUnit.SECONDS)) {
                web.destroyForcibly();
            }
        }
    }

    /** Starts {@code kvmctl web} on a free loopback port and returns the URL it printed. */
    private URI startWeb() throws IOException {
        web = KvmctlProcess.start(vms.root(), "web", "--listen", "127.0.0.1:0");
        BufferedReader out = new BufferedReader(new InputStreamReader(web.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertNotNull(line, "kvmctl web printed nothing");
        assertTrue(line.matches("kvmctl web: http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}"), line);
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> System.err.println("kvmctl web: " + l)));
        return URI.create(line.substring("kvmctl web: ".length()));
    }

    private static URI base(URI login) {
        return URI.create("http://" + login.getAuthority());
    }

    private static String origin(URI login) {
        return "http://" + login.getAuthority();
    }

    /** Logs in with the token and returns the session cookie ({@code kvmctl_web=...}). */
    private String login(URI url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, r.statusCode(), r.body());
        String cookie = r.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.contains("Secure"), "no TLS: " + cookie);
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private HttpResponse<String> get(URI uri, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, String cookie, String origin) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .header("Cookie", cookie)
                        .header("Origin", origin)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void guardsEveryDoorAndListensOnLoopbackOnly() throws Exception {
        URI login = startWeb();
        URI api = base(login).resolve("/api/vms");
        assertEquals(401, get(api, null).statusCode(), "no session");

        String cookie = login(login);
        HttpResponse<String> list = get(api, cookie);
        assertEquals(200, list.statusCode(), list.body());
        assertEquals(
                "kvmctl.web.list/1",
                Json.MAPPER.readTree(list.body()).get("kind").asString());

        HttpResponse<String> again = get(login, null);
        assertEquals(401, again.statusCode(), "the token works once");
        assertTrue(again.body().contains("run kvmctl web again"), again.body());

        String wrongHost =
                rawGet(base(login).getPort(), "evil.example:" + base(login).getPort(), cookie);
        assertTrue(wrongHost.startsWith("HTTP/1.1 421"), wrongHost);

        assertEquals(
                403,
                post(api.resolve("/api/vms/nosuch/pause"), cookie, "http://evil.example")
                        .statusCode());
        var noOrigin = http.send(
                HttpRequest.newBuilder(api.resolve("/api/vms/nosuch/pause"))
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, noOrigin.statusCode(), noOrigin.body());
        var sameOrigin = post(api.resolve("/api/vms/nosuch/pause"), cookie, origin(login));
        assertEquals(404, sameOrigin.statusCode(), sameOrigin.body());
        assertTrue(sameOrigin.body().matches("\\{\"error\":\"[^\\n]*nosuch[^\\n]*\"}"), sameOrigin.body());

        CompletionException crossSite = assertThrows(
                CompletionException.class,
                () -> socket(login, "/ws/list", cookie, "http://evil.example").join());
        var refused = assertInstanceOf(java.net.http.WebSocketHandshakeException.class, crossSite.getCause());
        assertEquals(403, refused.getResponse().statusCode());

        int port = base(login).getPort();
        List<String> listening = listeningOn(port);
        assertEquals(List.of("127.0.0.1"), listening, "listens on loopback only");
    }

    @Test
    void refusesToServeBeyondLoopbackWithoutTls() throws Exception {
        KvmctlProcess r = KvmctlProcess.run(vms.root(), "web", "--listen", "0.0.0.0:0");
        assertEquals(2, r.exitCode(), r.output());
        assertEquals(1, r.output().strip().lines().count(), r.output());
        assertTrue(r.output().contains("--tls-cert"), r.output());
    }

    @Test
    void listFollowsAVmStartedFromTheCommandLineItsPauseAndItsDeath() throws Exception {
        URI login = startWeb();
        String cookie = login(login);
        Messages list = socket(login, "/ws/list", cookie, origin(login)).join();
        JsonNode first = list.next(m -> true);
        assertEquals("kvmctl.web.list/1", first.get("kind").asString());

        Path profile = TestGuests.linuxProfile(vms.dir(), "webvm", "");
        KvmctlProcess up = KvmctlProcess.run(vms.root(), "up", profile.toString());
        assertEquals(0, up.exitCode(), up.output());
        long upReturned = System.nanoTime();
        list.next(m -> state(m, "webvm").equals("running"));
        System.err.printf(
                Locale.ROOT,
                "WebServerIT: webvm showed in /ws/list %d ms after 'up' returned%n",
                (System.nanoTime() - upReturned) / 1_000_000);

        URI vm = base(login).resolve("/api/vms/webvm/");
        HttpResponse<String> paused = post(vm.resolve("pause"), cookie, origin(login));
        assertEquals(200, paused.statusCode(), paused.body());
        list.next(m -> state(m, "webvm").equals("paused"));
        HttpResponse<String> resumed = post(vm.resolve("resume"), cookie, origin(login));
        assertEquals(200, resumed.statusCode(), resumed.body());
        list.next(m -> state(m, "webvm").equals("running"));

        HttpResponse<String> details = get(base(login).resolve("/api/vms/webvm"), cookie);
        assertEquals(200, details.statusCode(), details.body());
        JsonNode d = Json.MAPPER.readTree(details.body());
        assertTrue(
                d.get("snapshots").isArray()
                        && d.get("disks").isArray()
                        && d.get("nics").isArray(),
                details.body());
        assertEquals("webvm", d.get("name").asString(), details.body());
        assertTrue(d.get("running").asBoolean(), details.body());

        Messages events =
                socket(login, "/ws/vm/webvm/events", cookie, origin(login)).join();
        long pid;
        try (Vm handle = Vm.attach(vms.root(), "webvm")) {
            pid = handle.record().qemuPid();
        }
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        JsonNode gone = events.next(m -> "gone".equals(m.path("type").asString()));
        assertTrue(gone.get("reason").asString().startsWith("QEMU"), gone.toString());
        events.closed.get(PATIENCE_MS, TimeUnit.MILLISECONDS);

        HttpResponse<String> still = get(base(login).resolve("/api/vms"), cookie);
        assertEquals(200, still.statusCode(), "the server outlives the VM: " + still.body());
    }

    private static String state(JsonNode list, String name) {
        for (JsonNode vm : list.path("vms")) {
            if (name.equals(vm.path("name").asString())) {
                return vm.path("state").asString();
            }
        }
        return "";
    }

    /** The text messages of one WebSocket, whole. */
    private static final class Messages implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            notifyAll();
            ws.request(1);
            return null;
        }

        /** Waits until the binary bytes received so far contain {@code text}. */
        synchronized void awaitBinary(String text) throws InterruptedException {
            long end = System.currentTimeMillis() + PATIENCE_MS;
            while (!binary.toString(StandardCharsets.UTF_8).contains(text)) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("no '" + text + "' in " + binary.toString(StandardCharsets.UTF_8));
                }
                wait(left);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        /** The first message (from now) that matches; fails after {@link #PATIENCE_MS}. */
        JsonNode next(Predicate<JsonNode> match) throws Exception {
            long end = System.nanoTime() + PATIENCE_MS * 1_000_000;
            String last = null;
            while (System.nanoTime() < end) {
                String m = texts.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (m == null) {
                    break;
                }
                last = m;
                JsonNode n = Json.MAPPER.readTree(m);
                if (match.test(n)) {
                    return n;
                }
            }
            throw new AssertionError("no matching message; the last was " + last);
        }
    }

    private CompletableFuture<Messages> socket(URI login, String path, String cookie, String origin) {
        Messages messages = new Messages();
        return http.newWebSocketBuilder()
                .header("Cookie", cookie)
                .header("Origin", origin)
                .buildAsync(URI.create("ws://" + login.getAuthority() + path), messages)
                .thenApply(ws -> messages);
    }

    /** A GET with a Host header of our choosing (the JDK's client will not send a foreign one). */
    private static String rawGet(int port, String host, String cookie) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream()
                    .write(("GET /api/vms HTTP/1.1\r\nHost: " + host + "\r\nCookie: " + cookie
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The local addresses of TCP sockets listening on {@code port}, from /proc/net/tcp and tcp6. */
    private static List<String> listeningOn(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        List<String> found = new java.util.ArrayList<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(hexPort) && "0A".equals(f[3])) { // 0A: LISTEN
                    found.add(address(f[1].substring(0, f[1].indexOf(':'))));
                }
            }
        }
        return found;
    }

    private static String address(String hex) {
        if (hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000")) {
            hex = hex.substring(24); // Java's IPv6 socket bound to an IPv4 address: ::ffff:a.b.c.d
        }
        if (hex.length() != 8) {
            return hex; // another IPv6 listener: shown as is
        }
        long v = Long.parseLong(hex, 16);
        return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
    }
}
