package io.kvmctl.unix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.sys.Libc;
import io.kvmctl.sys.SysCallException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void pairCarriesBytesBothWays() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try {
            write(pair[0], "ping");
            assertEquals("ping", read(pair[1]));
            write(pair[1], "pong");
            assertEquals("pong", read(pair[0]));
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void readReturnsMinusOneAtEndOfStream() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        pair[1].close();
        try {
            assertEquals(-1, pair[0].read(new byte[10], 0, 10, WAIT));
        } finally {
            pair[0].close();
        }
    }

    @Test
    void readTimesOutWhenNothingArrives() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try {
            SocketTimeoutException e = assertThrows(
                    SocketTimeoutException.class, () -> pair[0].read(new byte[10], 0, 10, Duration.ofMillis(50)));
            assertTrue(e.getMessage().contains("timed out after PT0.05S"), e.getMessage());
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void writeTimesOutWhenThePeerDoesNotRead() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try {
            byte[] big = new byte[16 * 1024 * 1024]; // far more than the socket buffers hold
            assertThrows(SocketTimeoutException.class, () -> pair[0].write(big, 0, big.length, Duration.ofMillis(100)));
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void closeWakesABlockedReader() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        CompletableFuture<Object> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return pair[0].read(new byte[10], 0, 10, Duration.ofMinutes(5));
            } catch (IOException e) {
                return e;
            }
        });
        pair[0].close();
        Object outcome = reading.get(10, TimeUnit.SECONDS); // not 5 minutes
        assertTrue(outcome instanceof IOException || Integer.valueOf(-1).equals(outcome), String.valueOf(outcome));
        pair[0].close(); // idempotent
        pair[1].close();
    }

    @Test
    void passesADescriptorBetweenTwoOfOurSockets() throws Exception {
        UnixSocket[] carrier = UnixSocket.pair();
        UnixSocket[] payload = UnixSocket.pair();
        Path file = Files.writeString(dir.resolve("passed.txt"), "x");
        int fileFd = Libc.open(file.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
        try {
            carrier[0].sendWithFds("fds".getBytes(StandardCharsets.UTF_8), payload[0].fd(), fileFd);
            byte[] buf = new byte[16];
            UnixSocket.Received r = carrier[1].receiveWithFds(buf, 0, buf.length, 4, WAIT);
            assertEquals("fds", new String(buf, 0, r.bytes(), StandardCharsets.UTF_8));
            assertEquals(2, r.fds().length);
            assertFalse(Arrays.asList(payload[0].fd(), fileFd).contains(r.fds()[0]), "a new descriptor");
            // The received socket is the same socket: what we write through it comes out of payload[1].
            try (UnixSocket received = UnixSocket.adopt(r.fds()[0], "received")) {
                write(received, "through the passed fd");
                assertEquals("through the passed fd", read(payload[1]));
            }
            assertEquals(file.toRealPath(), Files.readSymbolicLink(Path.of("/proc/self/fd/" + r.fds()[1])));
            Libc.close(r.fds()[1]);
        } finally {
            Libc.close(fileFd);
            carrier[0].close();
            carrier[1].close();
            payload[0].close();
            payload[1].close();
        }
    }

    @Test
    void peerCredentialsNameThisProcess() throws Exception {
        try (UnixServerSocket server = UnixServerSocket.listen(dir.resolve("s"));
                UnixSocket client = UnixSocket.connect(dir.resolve("s"), WAIT);
                UnixSocket accepted = server.accept(WAIT)) {
            PeerCredentials creds = client.peerCredentials();
            assertEquals(ProcessHandle.current().pid(), creds.pid());
            assertEquals(accepted.peerCredentials(), creds);
            assertEquals(Files.getAttribute(dir, "unix:uid"), creds.uid());
        }
    }

    @Test
    void serverSocketIsMode0600AndRemovedOnClose() throws Exception {
        Path path = dir.resolve("qmp.sock");
        try (UnixServerSocket server = UnixServerSocket.listen(path)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            assertEquals(path, server.path());
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void acceptTimesOutWhenNobodyConnects() throws Exception {
        try (UnixServerSocket server = UnixServerSocket.listen(dir.resolve("lonely"))) {
            SocketTimeoutException e =
                    assertThrows(SocketTimeoutException.class, () -> server.accept(Duration.ofMillis(50)));
            assertTrue(e.getMessage().startsWith("nobody connected to"), e.getMessage());
        }
    }

    @Test
    void connectToMissingSocketSaysSo() {
        SysCallException e =
                assertThrows(SysCallException.class, () -> UnixSocket.connect(dir.resolve("missing"), WAIT));
        assertEquals("ENOENT", e.errnoName());
        assertTrue(e.getMessage().contains("no socket at this path"), e.getMessage());
    }

    @Test
    void pathLongerThanSunPathWorksThroughTheDirectoryDescriptor() throws Exception {
        Path deep = dir;
        while (deep.toString().length() < 150) {
            deep = deep.resolve("a-rather-long-directory-name");
        }
        Files.createDirectories(deep);
        Path path = deep.resolve("qmp.sock");
        assertTrue(path.toString().getBytes(StandardCharsets.UTF_8).length > 108);
        try (UnixServerSocket server = UnixServerSocket.listen(path);
                UnixSocket client = UnixSocket.connect(path, WAIT);
                UnixSocket accepted = server.accept(WAIT)) {
            assertTrue(Files.exists(path));
            write(client, "long");
            assertEquals("long", read(accepted));
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void fileNameTooLongEvenThroughProcSaysExactlyThat() {
        Path path = dir.resolve("s".repeat(120));
        IOException e = assertThrows(IOException.class, () -> UnixSocket.connect(path, WAIT));
        assertTrue(e.getMessage().contains("longer than sun_path allows (107)"), e.getMessage());
        assertTrue(e.getMessage().contains("its file name alone (120 bytes) is too long"), e.getMessage());
    }

    @Test
    void dataMuchLargerThanTheStagingBufferArrivesWholeAndInOrder() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        byte[] sent = new byte[UnixSocket.BUFFER * 20 + 123];
        new java.util.Random(7).nextBytes(sent);
        try {
            // The kernel's socket buffer is smaller than this: the writer must wait for the reader, so write from
            // another thread.
            var writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    pair[0].write(sent, 0, sent.length, WAIT);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertArrayEquals(sent, readExactly(pair[1], sent.length));
            writer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void dataWithDescriptorsLargerThanTheStagingBufferArrivesWholeWithTheDescriptorsFirst() throws Exception {
        UnixSocket[] carrier = UnixSocket.pair();
        Path file = Files.writeString(dir.resolve("passed.txt"), "x");
        int fileFd = Libc.open(file.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
        byte[] sent = new byte[UnixSocket.BUFFER * 3 + 5];
        new java.util.Random(8).nextBytes(sent);
        try {
            var writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    carrier[0].sendWithFds(sent, fileFd);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] got = new byte[sent.length];
            UnixSocket.Received r = carrier[1].receiveWithFds(got, 0, got.length, 1, WAIT);
            assertEquals(1, r.fds().length);
            assertEquals(file.toRealPath(), Files.readSymbolicLink(Path.of("/proc/self/fd/" + r.fds()[0])));
            Libc.close(r.fds()[0]);
            byte[] rest = readExactly(carrier[1], sent.length - r.bytes());
            System.arraycopy(rest, 0, got, r.bytes(), rest.length);
            assertArrayEquals(sent, got);
            writer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            Libc.close(fileFd);
            carrier[0].close();
            carrier[1].close();
        }
    }

    private static byte[] readExactly(UnixSocket socket, int length) throws IOException {
        byte[] buf = new byte[length];
        int done = 0;
        while (done < length) {
            int n = socket.read(buf, done, length - done, WAIT);
            assertTrue(n > 0, "end of stream after " + done + " of " + length + " bytes");
            done += n;
        }
        return buf;
    }

    private static void write(UnixSocket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.write(bytes, 0, bytes.length, WAIT);
    }

    private static String read(UnixSocket socket) throws IOException {
        byte[] buf = new byte[1024];
        int n = socket.read(buf, 0, buf.length, WAIT);
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
