package io.kvmctl.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair, standing in for two hosts: {@code a} has 10.213.N.1/24,
 * {@code b} 10.213.N.2/24. Created by the test and deleted by {@link #close()}.
 */
final class NetnsPair implements AutoCloseable {
    final String a;
    final String b;
    final String vethA;
    final String vethB;
    final String addressA;
    final String addressB;

    private NetnsPair(String tag, int subnet) {
        a = "kvmctl-mig-a-" + tag;
        b = "kvmctl-mig-b-" + tag;
        vethA = "kmA" + tag;
        vethB = "kmB" + tag;
        addressA = "10.213." + subnet + ".1";
        addressB = "10.213." + subnet + ".2";
    }

    static NetnsPair create() throws IOException {
        long pid = ProcessHandle.current().pid();
        NetnsPair p = new NetnsPair(Long.toString(pid % 100000), (int) (pid % 250) + 1);
        try {
            ip("netns", "add", p.a);
            ip("netns", "add", p.b);
            ip("link", "add", p.vethA, "netns", p.a, "type", "veth", "peer", "name", p.vethB, "netns", p.b);
            ip("-n", p.a, "addr", "add", p.addressA + "/24", "dev", p.vethA);
            ip("-n", p.b, "addr", "add", p.addressB + "/24", "dev", p.vethB);
            for (String[] nsDev : new String[][] {{p.a, p.vethA}, {p.b, p.vethB}, {p.a, "lo"}, {p.b, "lo"}}) {
                ip("-n", nsDev[0], "link", "set", nsDev[1], "up");
            }
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** Takes b's end of the link down or up: a cut cable. */
    void linkB(boolean up) throws IOException {
        ip("-n", b, "link", "set", vethB, up ? "up" : "down");
    }

    /** {@code ip netns exec NS} before a command. */
    static List<String> in(String ns, List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(command);
        return all;
    }

    static void ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within 10 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted running " + cmd);
        }
    }

    /** Deletes both namespaces (the veth pair goes with them); the processes inside must be gone first. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (String ns : new String[] {a, b}) {
            try {
                ip("netns", "del", ns);
            } catch (IOException e) {
                if (!e.getMessage().contains("No such file")) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
