package io.kvmctl.net;

/**
 * One port forward as QEMU set it up: {@code requestedPort} 0 means "auto" and {@code hostPort} is then the port the
 * kernel chose.
 */
public record ForwardMapping(
        String nicId,
        String protocol,
        String hostAddress,
        int hostPort,
        String guestAddress,
        int guestPort,
        int requestedPort) {

    public boolean auto() {
        return requestedPort == 0;
    }

    /** {@code tcp 127.0.0.1:43175 -> guest :80 (auto)}. */
    public String describe() {
        return protocol + " " + hostAddress + ":" + hostPort + " -> guest " + (guestAddress == null ? "" : guestAddress)
                + ":" + guestPort + (auto() ? " (auto)" : "");
    }
}
