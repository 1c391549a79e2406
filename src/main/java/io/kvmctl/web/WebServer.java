package io.kvmctl.web;

import io.kvmctl.store.VmStore;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmNames;
import java.io.IOException;
import java.security.KeyStore;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * {@code kvmctl web}'s server: Jetty on one address, the request guard in front, WebSockets at {@code /ws/...},
 * the JSON API and the pages behind. It is one more kvmctl client: VMs outlive it.
 */
public final class WebServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final LoginTokens logins = LoginTokens.create();
    private final WebVms vms;
    private final List<Thread> feeds;
    private final boolean tls;
    private final ListenAddress listen;

    /**
     * @param keyStore the TLS identity ({@link TlsFiles#load}), or null for plain HTTP (loopback only)
     */
    private WebServer(ListenAddress listen, KeyStore keyStore, RuntimeRoot root, VmStore store) throws Exception {
        this.listen = listen;
        this.tls = keyStore != null;
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("kvmctl-web");
        threads.setVirtualThreadsExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        if (tls) {
            http.addCustomizer(new SecureRequestCustomizer());
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keyStore);
            ssl.setKeyStorePassword(new String(TlsFiles.STORE_PASSWORD));
            connector = new ServerConnector(
                    server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(listen.host());
        connector.setPort(listen.port());
        server.addConnector(connector);

        vms = new WebVms(root);
        StatsFeed stats = new StatsFeed(vms);
        EventsFeed events = new EventsFeed(vms);
        ListFeed list = new ListFeed(vms, store, stats, events);
        Actions actions = new Actions(vms, store, events);
        ApiRoutes api = new ApiRoutes(list, actions, new VmDetails(list, vms, actions));
        WebSocketUpgradeHandler sockets = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(java.time.Duration.ofHours(24)); // a console left open is not idle
            container.setMaxBinaryMessageSize(1 << 20);
            container.addMapping("/ws/*", (req, resp, callback) -> socket(req, resp, callback, list, stats, events));
        });
        sockets.setHandler(api);
        server.setHandler(new RequestGuard(null, logins, tls, sockets));
        feeds = List.of(
                Thread.ofVirtual().name("kvmctl-web-list").unstarted(list::run),
                Thread.ofVirtual().name("kvmctl-web-stats").unstarted(stats::run));
    }

    /**
     * Starts serving; the URL with the token is {@link #loginUrl()}.
     *
     * @param keyStore the TLS identity ({@link TlsFiles#load}), or null for plain HTTP (loopback only)
     * @param extraHosts the {@code --host} names the server also answers to
     */
    public static WebServer start(
            ListenAddress listen, KeyStore keyStore, List<String> extraHosts, RuntimeRoot root, VmStore store)
            throws Exception {
        WebServer web = new WebServer(listen, keyStore, root, store);
        web.server.start();
        int port = web.connector.getLocalPort();
        HostPolicy hosts = HostPolicy.of(listen, port, extraHosts, web.tls);
        ((RequestGuard) web.server.getHandler()).hosts(hosts);
        web.feeds.forEach(Thread::start);
        return web;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The one URL that logs a browser in, once. */
    public String loginUrl() {
        String host = listen.loopback() ? "127.0.0.1" : listen.urlHost();
        if ("0.0.0.0".equals(host) || "[::]".equals(host)) {
            host = "localhost";
        }
        return (tls ? "https" : "http") + "://" + host + ":" + port() + "/?token=" + logins.token();
    }

    private static Object socket(
            ServerUpgradeRequest req,
            ServerUpgradeResponse resp,
            org.eclipse.jetty.util.Callback callback,
            ListFeed list,
            StatsFeed stats,
            EventsFeed events)
            throws IOException {
        String path = org.eclipse.jetty.server.Request.getPathInContext(req);
        String[] p = path.replaceFirst("^/ws/", "").split("/");
        if (p.length == 1 && "list".equals(p[0])) {
            return new SocketEndpoint(peer -> SocketEndpoint.feed(list.watch(peer)));
        }
        if (p.length != 3 || !"vm".equals(p[0]) || !VmNames.isValid(p[1])) {
            return refuse(resp, callback, 404, "no such WebSocket: " + path);
        }
        String name = p[1];
        return switch (p[2]) {
            case "stats" -> new SocketEndpoint(peer -> SocketEndpoint.feed(stats.watch(name, peer)));
            case "events" -> new SocketEndpoint(peer -> SocketEndpoint.feed(events.watch(name, peer)));
            case "serial" -> new SocketEndpoint(peer -> ConsoleBridges.serial(running(list, name), peer));
            case "vnc" -> {
                Vm vm;
                try {
                    vm = running(list, name);
                } catch (IOException e) {
                    yield refuse(resp, callback, 404, e.getMessage());
                }
                if (!ArgvFacts.of(vm.record().argv()).vnc()) {
                    yield refuse(
                            resp,
                            callback,
                            404,
                            "VM " + name + " has no VNC display: give its profile a"
                                    + " display (docs/display.md) and start it again");
                }
                if (req.getSubProtocols().contains("binary")) {
                    resp.setAcceptedSubProtocol("binary");
                }
                yield new SocketEndpoint(peer -> ConsoleBridges.vnc(vm, peer));
            }
            default -> refuse(resp, callback, 404, "no such WebSocket: " + path);
        };
    }

    private static Vm running(ListFeed list, String name) throws IOException {
        Vm vm = list.vms().handle(name);
        if (!vm.isRunning()) {
            throw new IOException("VM " + name + " is not running: QEMU " + vm.exitDescription());
        }
        return vm;
    }

    private static Object refuse(
            ServerUpgradeResponse resp, org.eclipse.jetty.util.Callback callback, int status, String message) {
        resp.setStatus(status);
        resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(resp, true, WebJson.error(message), callback);
        return null;
    }

    /** Serves until the JVM is asked to stop. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws IOException {
        feeds.forEach(Thread::interrupt);
        try {
            server.stop();
        } catch (Exception e) {
            throw new IOException("stopping the web server failed: " + e.getMessage(), e);
        } finally {
            vms.close();
        }
    }
}
