package io.kvmctl.vm;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpOptions;
import io.kvmctl.unix.SocketClient;
import io.kvmctl.unix.SocketClients;
import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Connects to the first free QMP monitor of a list. QEMU accepts one client per monitor; a second connect lands in
 * the socket's backlog and hears nothing until the first client leaves, which looks just like a QEMU that hangs.
 * A free monitor greets at once, so after {@link #GREETING_PATIENCE} of silence this asks the kernel who holds the
 * monitor ({@link SocketClients}): when another process does, the next monitor is tried, and when every one is
 * held, {@link MonitorBusyException} names the holders. When nobody does, QEMU itself is slow (a loaded host, a
 * long command): the connection waits on for the rest of the connect timeout, as before.
 */
public final class MonitorConnector {
    /** QEMU greets a new client within milliseconds; a second of silence means busy or stuck, not slow. */
    static final Duration GREETING_PATIENCE = Duration.ofSeconds(1);

    private MonitorConnector() {}

    /** {@link #connect(List, QmpOptions, Consumer)} without a hook. */
    public static QmpClient connect(List<Path> monitors, QmpOptions options) throws IOException {
        return connect(monitors, options, client -> {});
    }

    /**
     * Connects to the first of {@code monitors} not held by another client, in order.
     *
     * @param beforeCapabilities runs after the greeting, before {@code qmp_capabilities} (see {@link QmpClient})
     * @throws MonitorBusyException every monitor is held by another client
     * @throws IOException the first monitor could not be reached at all (QEMU gone, no such socket), or the greeting
     *     never came
     */
    public static QmpClient connect(List<Path> monitors, QmpOptions options, Consumer<QmpClient> beforeCapabilities)
            throws IOException {
        if (monitors.isEmpty()) {
            throw new IllegalArgumentException("no QMP monitor to connect to");
        }
        Map<Path, List<SocketClient>> busy = new LinkedHashMap<>();
        IOException unreachable = null;
        for (Path monitor : monitors) {
            UnixSocket socket;
            try {
                socket = connectWithinPatience(monitor, options);
                if (socket == null) {
                    busy.put(monitor, holders(monitor, null));
                    continue;
                }
            } catch (IOException e) {
                // A monitor this VM lacks (an older kvmctl started it) or QEMU exiting: the next may answer.
                unreachable = unreachable != null ? unreachable : e;
                continue;
            }
            try {
                if (socket.awaitReadable(GREETING_PATIENCE)) {
                    return QmpClient.over(socket, options, beforeCapabilities);
                }
                List<SocketClient> holders = holders(monitor, socket);
                if (holders.isEmpty()) {
                    return QmpClient.over(socket, options, beforeCapabilities); // slow, not busy: wait on
                }
                busy.put(monitor, holders);
                socket.close();
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
        if (!busy.isEmpty()) {
            throw new MonitorBusyException(busy);
        }
        throw unreachable;
    }

    /**
     * Connects, or returns null when the monitor is busy: QEMU listens with a backlog of one, so behind a client it
     * does not let go of, the connections of earlier commands fill the backlog and a connect is refused with EAGAIN
     * (which {@link UnixSocket#connect} retries until its timeout). A full backlog for {@link #GREETING_PATIENCE}
     * while another process holds the monitor is the same "busy" as a missing greeting.
     */
    private static UnixSocket connectWithinPatience(Path monitor, QmpOptions options) throws IOException {
        try {
            return UnixSocket.connect(monitor, GREETING_PATIENCE);
        } catch (java.net.SocketTimeoutException backlogFull) {
            if (!holders(monitor, null).isEmpty()) {
                return null;
            }
            return UnixSocket.connect(monitor, options.connectTimeout()); // slow, not busy: wait on
        }
    }

    /** The clients of {@code monitor} other than {@code ours} (accepted, but not greeted yet: QEMU is slow). */
    private static List<SocketClient> holders(Path monitor, UnixSocket ours) {
        try {
            long ourInode = ours == null ? -1 : ours.inode();
            return SocketClients.of(monitor).stream()
                    .filter(c -> c.socketInode() != ourInode)
                    .toList();
        } catch (IOException | RuntimeException cannotTell) {
            // Without the kernel's socket table (no unix_diag) a busy monitor cannot be told from a slow QEMU.
            return List.of();
        }
    }
}
