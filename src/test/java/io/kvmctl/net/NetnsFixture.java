package io.kvmctl.net;

import java.io.IOException;

/** A network namespace with a bridge, created for one test and deleted after it (with all it contains). */
final class NetnsFixture implements AutoCloseable {
    final String name;
    final String bridge = "kvbr0";

    NetnsFixture() throws IOException, InterruptedException {
        name = "kvmctl-it-" + ProcessHandle.current().pid() + "-" + (System.nanoTime() % 100000);
        NetTestSupport.sh("ip", "netns", "add", name);
        try {
            NetTestSupport.sh("ip", "-n", name, "link", "set", "lo", "up");
            NetTestSupport.sh("ip", "-n", name, "link", "add", bridge, "type", "bridge");
            NetTestSupport.sh("ip", "-n", name, "link", "set", bridge, "up");
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The interfaces that are ports of the bridge. */
    String bridgePorts() throws IOException, InterruptedException {
        return NetTestSupport.sh("ip", "-n", name, "-o", "link", "show", "master", bridge);
    }

    String links() throws IOException, InterruptedException {
        return NetTestSupport.sh("ip", "-n", name, "-o", "link", "show");
    }

    @Override
    public void close() throws IOException {
        try {
            NetTestSupport.sh("ip", "netns", "del", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while deleting namespace " + name);
        }
    }
}
