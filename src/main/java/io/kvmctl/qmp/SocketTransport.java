package io.kvmctl.qmp;

import io.kvmctl.unix.UnixSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;

/** The transport QEMU is reached by: a connected {@link UnixSocket}. */
record SocketTransport(UnixSocket socket, String describe) implements QmpTransport {
    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        return socket.read(buf, off, len, timeout);
    }

    @Override
    public void write(byte[] buf, int off, int len, Duration timeout) throws IOException {
        socket.write(buf, off, len, timeout);
    }

    @Override
    public void sendWithFds(byte[] data, Duration timeout, int... fds) throws IOException {
        socket.sendWithFds(data, timeout, fds);
    }

    @Override
    public OptionalInt peerPid() {
        try {
            return OptionalInt.of(socket.peerCredentials().pid());
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
