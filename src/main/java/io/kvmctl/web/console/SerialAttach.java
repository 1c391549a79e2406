package io.kvmctl.web.console;

import io.kvmctl.unix.SocketClient;
import io.kvmctl.unix.SocketClients;
import io.kvmctl.unix.UnixSocket;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Connects to QEMU's serial socket for a browser, or finds who holds it. QEMU's serial chardev serves one client;
 * a second connection waits in the socket's backlog, silent, until the first leaves (like a monitor, see
 * io.kvmctl.vm.MonitorConnector). The kernel's socket table tells the two apart: once QEMU has accepted us our
 * connection is listed among the socket's clients; while another client is listed, we are in the backlog.
 */
final class SerialAttach {
    static final int SCROLLBACK_BYTES = 64 * 1024;
    /** QEMU accepts a free console's connection in its main loop within milliseconds. */
    private static final Duration ACCEPT_PATIENCE = Duration.ofSeconds(1);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final int DRAIN_LIMIT = 1024 * 1024;

    private SerialAttach() {}

    sealed interface Attached permits Live, Held {
        ByteBuffer scrollback();
    }

    /** We hold the console: {@code firstOutput} was read from the socket while joining it to the scrollback. */
    record Live(UnixSocket socket, ByteBuffer scrollback, ByteBuffer firstOutput) implements Attached {}

    /** Another client holds it: follow the log from {@code followFrom}. */
    record Held(List<SocketClient> holders, ByteBuffer scrollback, long followFrom) implements Attached {}

    static Attached attach(Vm vm) throws IOException {
        if (!vm.isRunning()) {
            throw new IOException("VM " + vm.name() + " is not running (QEMU " + vm.exitDescription() + ")");
        }
        Path log = vm.directory().serialLog();
        Path console = vm.directory().serialSocket();
        long beforeConnect = SerialLogFile.size(log);
        UnixSocket socket;
        try {
            socket = UnixSocket.connect(console, ACCEPT_PATIENCE);
        } catch (SocketTimeoutException backlogFull) {
            List<SocketClient> holders = othersHolding(console, -1);
            if (!holders.isEmpty()) {
                return held(log, holders);
            }
            socket = UnixSocket.connect(console, CONNECT_TIMEOUT);
        }
        try {
            List<SocketClient> others = awaitAccepted(console, socket);
            if (!others.isEmpty()) {
                socket.close(); // leave the backlog: QEMU would hand us the console later, unasked for
                return held(log, others);
            }
            // The seam: measure the log once QEMU writes to us, then take what the socket already has. Whatever of
            // it is at the end of the log is cut from the scrollback (SerialSeam), so nothing is shown twice, and
            // nothing printed since 'beforeConnect' is lost: it is either in the log or on the socket.
            long accepted = SerialLogFile.size(log);
            byte[] firstOutput = drain(socket);
            long sinceConnect = Math.max(0, accepted - beforeConnect);
            byte[] logged = SerialLogFile.read(log, Math.max(0, accepted - SCROLLBACK_BYTES - sinceConnect), accepted);
            int overlap = SerialSeam.overlap(logged, (int) Math.min(sinceConnect, logged.length), firstOutput);
            return new Live(
                    socket,
                    ByteBuffer.wrap(SerialSeam.scrollback(logged, overlap, SCROLLBACK_BYTES)),
                    ByteBuffer.wrap(firstOutput));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Held held(Path log, List<SocketClient> holders) throws IOException {
        long size = SerialLogFile.size(log);
        return new Held(
                holders, ByteBuffer.wrap(SerialLogFile.read(log, Math.max(0, size - SCROLLBACK_BYTES), size)), size);
    }

    /**
     * Waits (within {@link #ACCEPT_PATIENCE}) until QEMU has accepted {@code ours}, and returns the other clients
     * holding the console (none once ours is accepted). Without the kernel's socket table (no unix_diag) a busy
     * console cannot be told from a free one: it is taken as free, and the browser sees no output until the other
     * client leaves.
     */
    private static List<SocketClient> awaitAccepted(Path console, UnixSocket ours) throws IOException {
        long ourInode = ours.inode();
        long deadline = System.nanoTime() + ACCEPT_PATIENCE.toNanos();
        while (true) {
            List<SocketClient> clients;
            try {
                clients = SocketClients.of(console);
            } catch (IOException | RuntimeException cannotTell) {
                return List.of();
            }
            List<SocketClient> others =
                    clients.stream().filter(c -> c.socketInode() != ourInode).toList();
            if (!others.isEmpty()) {
                return others;
            }
            if (clients.size() != others.size() || System.nanoTime() > deadline) {
                return List.of();
            }
            try {
                Thread.sleep(5); // QEMU's main loop has not run its accept yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while connecting to the serial console");
            }
        }
    }

    private static List<SocketClient> othersHolding(Path console, long ourInode) {
        try {
            return SocketClients.of(console).stream()
                    .filter(c -> c.socketInode() != ourInode)
                    .toList();
        } catch (IOException | RuntimeException cannotTell) {
            return List.of();
        }
    }

    /** What the socket has already, without waiting (bounded, for a guest that never stops printing). */
    private static byte[] drain(UnixSocket socket) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (out.size() < DRAIN_LIMIT && socket.awaitReadable(Duration.ZERO)) {
            int n = socket.read(buf, 0, buf.length, Duration.ZERO);
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
