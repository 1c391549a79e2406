package io.kvmctl.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where {@code kvmctl web} listens: {@code --listen ADDR:PORT} ({@code 127.0.0.1:7080}, {@code [::1]:0},
 * {@code 0.0.0.0:8443}). Port 0 picks a free one.
 */
public record ListenAddress(String host, int port) {
    public static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", 7080);

    /** Parses {@code ADDR:PORT}; a bad one throws with the line to show (exit 2). */
    public static ListenAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(
                    "--listen '" + text + "': expected ADDRESS:PORT, e.g. 127.0.0.1:7080 or [::1]:0");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "--listen '" + text + "': the port must be a number from 0 to 65535 (0 picks a free one)");
        }
        if (!host.matches("[0-9A-Za-z.:%-]+")) {
            throw new IllegalArgumentException("--listen '" + text + "': '" + host + "' is not an address");
        }
        return new ListenAddress(host, port);
    }

    /** Whether only this machine can reach it (127.0.0.0/8, ::1, localhost). */
    public boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The host part as it goes in a URL or a Host header: IPv6 in brackets. */
    public String urlHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
