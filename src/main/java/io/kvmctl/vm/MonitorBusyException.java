package io.kvmctl.vm;

import io.kvmctl.unix.SocketClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every QMP monitor tried was held by another client. QEMU serves one client per monitor and leaves the next one
 * waiting, silent, until the first lets go; this says who holds each monitor, so that client can be closed.
 */
public final class MonitorBusyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Map<Path, List<SocketClient>> holders;

    MonitorBusyException(Map<Path, List<SocketClient>> holders) {
        super(message(holders));
        this.holders = Map.copyOf(holders);
    }

    /** Each monitor tried and the clients holding it. */
    public Map<Path, List<SocketClient>> holders() {
        return holders;
    }

    static String message(Map<Path, List<SocketClient>> holders) {
        String fix = "QEMU serves one client per monitor: close that client"
                + pids(holders)
                + ", or give outside tools a monitor of their own with the profile's qmp_sockets (docs/qmp.md)";
        if (holders.size() == 1) {
            var only = holders.entrySet().iterator().next();
            return "QMP monitor " + only.getKey() + " is held by " + describe(only.getValue()) + "; " + fix;
        }
        Path dir = holders.keySet().iterator().next().getParent();
        String each = holders.entrySet().stream()
                .map(e -> e.getKey().getFileName() + " by " + describe(e.getValue()))
                .collect(Collectors.joining(", "));
        return "every QMP monitor tried in " + dir + " is held (" + each + "); " + fix.replace("that client", "one");
    }

    private static String describe(List<SocketClient> clients) {
        return clients.stream().map(SocketClient::describe).collect(Collectors.joining(" and "));
    }

    private static String pids(Map<Path, List<SocketClient>> holders) {
        String pids = holders.values().stream()
                .flatMap(List::stream)
                .filter(c -> c.pid() > 0)
                .map(c -> Integer.toString(c.pid()))
                .distinct()
                .collect(Collectors.joining(" "));
        return pids.isEmpty() ? "" : " (e.g. 'kill " + pids + "')";
    }
}
