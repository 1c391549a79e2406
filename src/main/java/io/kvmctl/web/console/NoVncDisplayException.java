package io.kvmctl.web.console;

import java.io.IOException;

/**
 * The VM has no VNC server to show: the server answers the WebSocket upgrade with 404 and this message (whose
 * wording docs/design/web-contract.md fixes: "VM NAME has no VNC display: ...").
 */
public final class NoVncDisplayException extends IOException {
    private static final long serialVersionUID = 1L;

    NoVncDisplayException(String vmName) {
        super("VM " + vmName + " has no VNC display: add 'display: vnc' to its profile and restart it");
    }
}
