package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpOptions;
import io.kvmctl.unix.UnixSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against monitors that, like QEMU's, serve one client at a time: no QEMU needed. */
@SuppressWarnings("try") // the monitors only need to exist while the connector runs
class MonitorConnectorTest {
    private static final QmpOptions OPTIONS = QmpOptions.defaults().withConnectTimeout(Duration.ofSeconds(20));

    @TempDir
    Path dir;

    /** Holds {@code monitor} the way an outside tool does: connected, greeted, never letting go. */
    private static UnixSocket hold(Path monitor) throws Exception {
        UnixSocket holder = UnixSocket.connect(monitor, Duration.ofSeconds(5));
        holder.read(new byte[4096], 0, 4096, Duration.ofSeconds(5)); // the greeting: accepted by the server now
        return holder;
    }

    /**
     * The first QMP connection and socket-table read of a JVM load classes (seconds on a loaded 2-core host): done
     * once before a timed connect, so the time measured is the connector's own.
     */
    private static void warmUp(Path anyMonitor) throws Exception {
        io.kvmctl.unix.SocketClients.of(anyMonitor);
        try (QmpClient client = MonitorConnector.connect(List.of(anyMonitor), OPTIONS)) {
            client.execute("query-status");
        }
    }

    private static String ourCommand() throws Exception {
        return Files.readString(Path.of("/proc/self/comm")).strip();
    }

    @Test
    void aFreeMonitorIsUsedAtOnce() throws Exception {
        Path a = dir.resolve("a.sock");
        try (var monitor = new OneClientMonitor(a, 1, Duration.ZERO);
                QmpClient client = MonitorConnector.connect(List.of(a), OPTIONS)) {
            assertEquals(1, client.greeting().version().minor());
        }
    }

    @Test
    void aMonitorHeldByAnotherClientIsPassedOverForTheNextWithinAboutASecond() throws Exception {
        Path a = dir.resolve("a.sock");
        Path b = dir.resolve("b.sock");
        try (var ma = new OneClientMonitor(a, 1, Duration.ZERO);
                var mb = new OneClientMonitor(b, 2, Duration.ZERO);
                UnixSocket holder = hold(a)) {
            warmUp(b);
            long start = System.nanoTime();
            try (QmpClient client = MonitorConnector.connect(List.of(a, b), OPTIONS)) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(2, client.greeting().version().minor(), "reached the free monitor");
                assertTrue(millis < 3000, "took " + millis + " ms");
                assertTrue(holder.isOpen());
            }
        }
    }

    @Test
    void whenEveryMonitorIsHeldTheErrorNamesEachHolderPidAndTheFix() throws Exception {
        Path a = dir.resolve("a.sock");
        Path b = dir.resolve("b.sock");
        try (var ma = new OneClientMonitor(a, 1, Duration.ZERO);
                var mb = new OneClientMonitor(b, 2, Duration.ZERO)) {
            warmUp(a);
            try (UnixSocket ha = hold(a);
                    UnixSocket hb = hold(b)) {
                assertBothNamed(a, b);
            }
        }
    }

    private static void assertBothNamed(Path a, Path b) throws Exception {
        long start = System.nanoTime();
        var e = assertThrows(MonitorBusyException.class, () -> MonitorConnector.connect(List.of(a, b), OPTIONS));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 5000, "took " + millis + " ms");
        String us = "pid " + ProcessHandle.current().pid() + " (" + ourCommand() + ")";
        assertTrue(e.getMessage().contains("a.sock by " + us), e.getMessage());
        assertTrue(e.getMessage().contains("b.sock by " + us), e.getMessage());
        assertTrue(e.getMessage().contains("qmp_sockets"), e.getMessage());
        assertEquals(2, e.holders().size());
    }

    @Test
    void oneHeldMonitorIsNamedWithItsHolder() throws Exception {
        Path a = dir.resolve("a.sock");
        try (var ma = new OneClientMonitor(a, 1, Duration.ZERO);
                UnixSocket holder = hold(a)) {
            var e = assertThrows(MonitorBusyException.class, () -> MonitorConnector.connect(List.of(a), OPTIONS));
            assertTrue(
                    e.getMessage()
                            .startsWith("QMP monitor " + a + " is held by pid "
                                    + ProcessHandle.current().pid()),
                    e.getMessage());
        }
    }

    @Test
    void aHeldMonitorWhoseBacklogIsFullIsPassedOverToo() throws Exception {
        Path a = dir.resolve("a.sock");
        Path b = dir.resolve("b.sock");
        try (var ma = new OneClientMonitor(a, 1, Duration.ZERO);
                var mb = new OneClientMonitor(b, 2, Duration.ZERO);
                UnixSocket holder = hold(a)) {
            // Earlier commands' connections pile up unaccepted behind the holder until connect gets EAGAIN.
            List<UnixSocket> queued = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    queued.add(UnixSocket.connect(a, Duration.ofMillis(50)));
                }
            } catch (java.net.SocketTimeoutException backlogFull) {
                // what QEMU's one-deep backlog does after a single waiting connection
            }
            assertTrue(queued.size() < 40, "the backlog never filled");
            warmUp(b);
            long start = System.nanoTime();
            try (QmpClient client = MonitorConnector.connect(List.of(a, b), OPTIONS)) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(2, client.greeting().version().minor());
                assertTrue(millis < 5000, "took " + millis + " ms (the connect timeout is 20 s)");
            } finally {
                queued.forEach(UnixSocket::close);
            }
        }
    }

    @Test
    void aSlowButFreeMonitorIsWaitedForNotPassedOver() throws Exception {
        Path a = dir.resolve("a.sock");
        Path b = dir.resolve("b.sock");
        try (var ma = new OneClientMonitor(a, 1, Duration.ofMillis(2500));
                var mb = new OneClientMonitor(b, 2, Duration.ZERO);
                QmpClient client = MonitorConnector.connect(List.of(a, b), OPTIONS)) {
            assertEquals(1, client.greeting().version().minor());
        }
    }

    @Test
    void aMissingMonitorIsSkippedAndReportedWhenNoneAnswers() throws Exception {
        Path gone = dir.resolve("gone.sock");
        Path b = dir.resolve("b.sock");
        try (var mb = new OneClientMonitor(b, 2, Duration.ZERO);
                QmpClient client = MonitorConnector.connect(List.of(gone, b), OPTIONS)) {
            assertEquals(2, client.greeting().version().minor());
        }
        var e = assertThrows(java.io.IOException.class, () -> MonitorConnector.connect(List.of(gone), OPTIONS));
        assertTrue(e.getMessage().contains("gone.sock"), e.getMessage());
    }
}
