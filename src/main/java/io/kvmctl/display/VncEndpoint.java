package io.kvmctl.display;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Where a VM's VNC server listens, from QMP {@code query-vnc}, and how to reach it.
 *
 * @param auth QEMU's auth name: {@code vnc} (password) or {@code none}
 */
public record VncEndpoint(boolean enabled, String host, int port, String auth) {

    public static VncEndpoint fromQueryVnc(JsonNode r) {
        return new VncEndpoint(
                r.path("enabled").asBoolean(false),
                r.path("host").asString(""),
                Integer.parseInt(r.path("service").asString("0")),
                r.path("auth").asString("none"));
    }

    public int display() {
        return port - 5900;
    }

    public boolean needsPassword() {
        return "vnc".equals(auth);
    }

    /**
     * How to connect, locally and from another machine through an SSH tunnel (the server listens on loopback, so a
     * remote viewer goes through SSH, which also encrypts what VNC does not).
     */
    public List<String> howToConnect(String user, String hostName) {
        List<String> lines = new ArrayList<>();
        String bind = host.contains(":") ? "[" + host + "]" : host;
        lines.add("VNC of this VM: " + bind + ":" + port + " (display :" + display() + ")"
                + (needsPassword() ? ", password required" : ", no password"));
        lines.add("here:   vncviewer " + bind + "::" + port);
        lines.add("remote: ssh -N -L " + port + ":" + bind + ":" + port + " " + user + "@" + hostName
                + "   then: vncviewer localhost::" + port);
        return lines;
    }
}
