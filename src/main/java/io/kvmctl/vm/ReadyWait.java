package io.kvmctl.vm;

import io.kvmctl.agent.GuestAgent;
import io.kvmctl.agent.GuestAgentException;
import io.kvmctl.net.ForwardMapping;
import io.kvmctl.net.NetworkStateStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits until a started VM is usable ({@link ReadyCondition}), bounded by a timeout, telling a listener each second
 * what it last saw. Nothing in the guest announces "sshd is up" or "port 80 listens" to the host, and a guest agent
 * not yet started ignores what the channel holds, so ssh, port and agent conditions are tried again every
 * {@value #RETRY_MILLIS} ms; the serial condition reads the console as lines come.
 * A VM that ends while waited for fails the wait at once.
 */
final class ReadyWait {
    static final long RETRY_MILLIS = 2000;
    private static final int ANSWER_MILLIS = 2000;

    private final Vm vm;
    private final VmHomes homes;
    private final Consumer<String> lastSeen;
    private final long deadline;
    private final Duration timeout;

    private ReadyWait(Vm vm, VmHomes homes, Duration timeout, Consumer<String> lastSeen) {
        this.vm = vm;
        this.homes = homes;
        this.lastSeen = lastSeen;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    static void await(Vm vm, ReadyCondition condition, VmHomes homes, Duration timeout, Consumer<String> lastSeen)
            throws IOException {
        ReadyWait wait = new ReadyWait(vm, homes, timeout, lastSeen);
        switch (condition) {
            case ReadyCondition.Ssh s -> wait.ssh();
            case ReadyCondition.Serial serial -> wait.serial(serial);
            case ReadyCondition.Port(int port) -> wait.port(port);
            case ReadyCondition.Agent a -> wait.agent();
        }
    }

    private void ssh() throws IOException {
        GuestSsh.userOf(vm); // no user, or neither forward nor agent: fails now, not at the timeout
        GuestSsh.requireForwardOrAgent(vm);
        while (true) {
            GuestSsh ssh;
            try {
                ssh = GuestSsh.of(vm, homes);
            } catch (GuestAgentException notYet) { // no forward: the address comes from an agent not up yet
                pause(new ReadyCondition.Ssh(), notYet.getMessage());
                continue;
            }
            List<String> argv = ssh.argv(true, List.of("true"));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes(); // ends when ssh exits (ConnectTimeout bounds it)
            int code = waitFor(p);
            if (code == 0) {
                return;
            }
            String said = new String(out, StandardCharsets.UTF_8).strip();
            String last = "ssh " + ssh.describe() + ": "
                    + (said.isEmpty()
                            ? "exit " + code
                            : said.lines().reduce((a, b) -> b).orElse(""));
            pause(new ReadyCondition.Ssh(), last);
        }
    }

    private void serial(ReadyCondition.Serial condition) throws IOException {
        try (SerialConsole console = SerialConsole.attach(vm.directory())) {
            int from = 0;
            while (true) {
                try {
                    console.awaitLineAfter(from, condition.pattern(), Duration.ofSeconds(1));
                    return;
                } catch (java.io.InterruptedIOException e) {
                    throw e;
                } catch (IOException notYet) {
                    from = Math.max(0, console.lineCount() - 1); // lines already searched need no second look
                    List<String> lines = console.lines();
                    String last = lines.isEmpty() ? "no serial output yet" : "serial: " + lines.getLast();
                    checkRunning(condition, last);
                    checkDeadline(condition, last);
                    lastSeen.accept(last);
                }
            }
        }
    }

    private void port(int guestPort) throws IOException {
        ReadyCondition condition = new ReadyCondition.Port(guestPort);
        ForwardMapping forward = GuestSsh.forwardTo(
                        NetworkStateStore.read(vm.directory().path()), guestPort)
                .orElseThrow(() -> new IOException("VM " + vm.name() + " has no TCP forward to guest port "
                        + guestPort + ": add 'hostfwd: [{host_port: auto, guest_port: " + guestPort + "}]' under its"
                        + " user NIC, then restart it"));
        String host = GuestSsh.connectAddress(forward);
        while (true) {
            String last = tryPort(host, forward.hostPort(), guestPort);
            if (last == null) {
                return;
            }
            pause(condition, last);
        }
    }

    /** Each try is a fresh connection: a sync the guest missed (still booting) leaves nothing behind. */
    private void agent() throws IOException {
        ReadyCondition condition = new ReadyCondition.Agent();
        if (!VmAgent.hasChannel(vm)) {
            throw new IOException(ReadyCondition.Agent.missingChannel(vm.name()));
        }
        while (true) {
            try (GuestAgent agent = VmAgent.connect(vm, VmAgent.SYNC_TIMEOUT)) {
                agent.ping(VmAgent.SYNC_TIMEOUT);
                return;
            } catch (GuestAgentException notYet) {
                pause(condition, notYet.getMessage());
            }
        }
    }

    /**
     * Null when the guest answered: QEMU's user network accepts every connection on the host side at once and
     * only then connects to the guest, closing ours when the guest refuses; so an accepted connection says
     * nothing, and "answered" means the guest sent something or kept the connection open for 2 s.
     */
    private static String tryPort(String host, int hostPort, int guestPort) {
        String where = host + ":" + hostPort + " -> guest :" + guestPort;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, hostPort), ANSWER_MILLIS);
            s.setSoTimeout(ANSWER_MILLIS);
            InputStream in = s.getInputStream();
            int first = in.read();
            return first < 0 ? where + ": the guest closed the connection (nothing listens yet)" : null;
        } catch (SocketTimeoutException silentButOpen) {
            return null;
        } catch (IOException e) {
            return where + ": " + e.getMessage();
        }
    }

    /** Reports what was seen, fails when the VM ended or time is up, else sleeps until the next try. */
    private void pause(ReadyCondition condition, String last) throws IOException {
        checkRunning(condition, last);
        checkDeadline(condition, last);
        lastSeen.accept(last);
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        try {
            Thread.sleep(Math.max(1, Math.min(RETRY_MILLIS, left)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for " + condition.describe());
        }
    }

    private void checkRunning(ReadyCondition condition, String last) throws IOException {
        if (!vm.isRunning()) {
            throw new IOException("VM " + vm.name() + " ended while kvmctl waited for " + condition.describe()
                    + " (last seen: " + last + "); 'kvmctl logs " + vm.name() + "' shows why");
        }
    }

    private void checkDeadline(ReadyCondition condition, String last) throws ReadyTimeoutException {
        if (System.nanoTime() - deadline >= 0) {
            throw new ReadyTimeoutException("VM " + vm.name() + " is running, but " + condition.describe()
                    + " did not happen within " + timeout.toSeconds() + " s (last seen: " + last + "); it keeps "
                    + "running: 'kvmctl console " + vm.name() + "' shows it, 'kvmctl down " + vm.name()
                    + "' stops it");
        }
    }

    private static int waitFor(Process p) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while ssh ran");
        }
    }
}
