package io.kvmctl.cli;

import io.kvmctl.store.VmStore;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.web.ListenAddress;
import io.kvmctl.web.OpenLink;
import io.kvmctl.web.TlsFiles;
import io.kvmctl.web.WebServer;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvmctl web}: the web console, served until Ctrl-C; VMs outlive it. */
@Command(
        name = "web",
        mixinStandardHelpOptions = true,
        description = {
            "Serve a web console for this user's VMs (list, graphs, serial console, VNC screen, actions) until"
                    + " Ctrl-C; the VMs keep running.",
            "Prints one line: the URL to open, with a token that logs one browser in, once. See docs/web.md."
        },
        footer = {"%nExit codes: 0 stopped by a signal, 1 could not serve (address in use), 2 bad input."})
public final class WebCommand implements Callable<Integer> {
    /** Jetty logs through slf4j into java.util.logging: warnings only. Held: JUL keeps loggers weakly. */
    private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--listen",
            paramLabel = "ADDR:PORT",
            description = "Where to listen (default 127.0.0.1:7080; port 0 picks a free one). Beyond loopback,"
                    + " --tls-cert and --tls-key are required.")
    String listen;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (PEM)")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "PEM",
            description = "TLS private key, PKCS#8 PEM (BEGIN PRIVATE KEY), mode 600")
    Path tlsKey;

    @Option(
            names = "--host",
            paramLabel = "NAME",
            description = "Another name browsers use for this server (checked against Host); repeatable")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--open", description = "Open the URL in a browser ($BROWSER or xdg-open), token not in argv")
    boolean open;

    @Override
    public Integer call() throws Exception {
        ListenAddress address;
        try {
            address = listen == null ? ListenAddress.DEFAULT : ListenAddress.parse(listen);
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            return fail("--tls-cert and --tls-key go together: give both (PEM certificate, PKCS#8 key)");
        }
        if (!address.loopback() && tlsCert == null) {
            return fail("--listen " + address.host() + " is reachable from other machines: give --tls-cert CERT.pem"
                    + " --tls-key KEY.pem (docs/web.md), or listen on 127.0.0.1 and use ssh -L");
        }
        KeyStore keys = null;
        if (tlsCert != null) {
            try {
                keys = TlsFiles.load(tlsCert, tlsKey);
            } catch (IOException e) {
                return fail(e.getMessage());
            }
        }
        JETTY_LOG.setLevel(Level.WARNING);
        WebServer server;
        try {
            server = WebServer.start(address, keys, hosts, RuntimeRoot.fromEnvironment(), VmStore.fromEnvironment());
        } catch (IOException e) {
            spec.commandLine()
                    .getErr()
                    .println("kvmctl web: cannot listen on " + address.urlHost() + ":" + address.port() + ": "
                            + e.getMessage());
            return KvmctlCommand.EXIT_NEGATIVE;
        }
        ShutdownHook.register(() -> closeQuietly(server), "kvmctl-web-stop");
        spec.commandLine().getOut().println("kvmctl web: " + server.loginUrl());
        spec.commandLine().getOut().flush();
        if (open) {
            try {
                OpenLink.open(OpenLink.writeRedirect(server.loginUrl()));
            } catch (IOException e) {
                spec.commandLine()
                        .getErr()
                        .println("kvmctl web: could not start a browser (" + e.getMessage()
                                + "); open the URL above yourself");
            }
        }
        server.join();
        return 0;
    }

    private static void closeQuietly(WebServer server) {
        try {
            server.close();
        } catch (Exception e) {
            // stopping anyway
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("kvmctl web: " + message);
        return KvmctlCommand.EXIT_USAGE;
    }
}
