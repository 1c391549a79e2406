package io.kvmctl.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Host} and {@code Origin} headers the server answers to. A browser page on another site can make the
 * browser send requests to this server (and, through DNS rebinding, even under a name that points here): only the
 * names the user chose are accepted as Host, and state-changing requests and WebSocket upgrades must come from a
 * page of ours (Origin), since SameSite cookies alone do not cover every browser or every path.
 */
public final class HostPolicy {
    private final Set<String> hosts; // lower case, with :PORT
    private final boolean tls;

    private HostPolicy(Set<String> hosts, boolean tls) {
        this.hosts = Set.copyOf(hosts);
        this.tls = tls;
    }

    /**
     * On loopback: 127.0.0.1, localhost and [::1] with the port; otherwise the listen address and each
     * {@code --host} name, with the port.
     */
    public static HostPolicy of(ListenAddress listen, int port, List<String> extraNames, boolean tls) {
        Set<String> names = new LinkedHashSet<>();
        if (listen.loopback()) {
            names.add("127.0.0.1");
            names.add("localhost");
            names.add("[::1]");
        }
        names.add(listen.urlHost());
        names.addAll(extraNames);
        Set<String> hosts = new LinkedHashSet<>();
        for (String n : names) {
            hosts.add(n.toLowerCase(Locale.ROOT) + ":" + port);
        }
        return new HostPolicy(hosts, tls);
    }

    /** Whether a request's Host header names this server. */
    public boolean allowsHost(String hostHeader) {
        return hostHeader != null && hosts.contains(hostHeader.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether an Origin header is one of our own pages ({@code http(s)://ALLOWED-HOST}). */
    public boolean allowsOrigin(String origin) {
        if (origin == null) {
            return false;
        }
        String prefix = tls ? "https://" : "http://";
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.startsWith(prefix) && hosts.contains(o.substring(prefix.length()));
    }

    /** Whether a method changes state, so needs a matching Origin (GET and HEAD must not change anything). */
    public static boolean changesState(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> false;
            default -> true;
        };
    }

    /** The first allowed host, for the URL the server prints. */
    public Set<String> hosts() {
        return hosts;
    }
}
