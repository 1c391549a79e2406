package io.kvmctl.qmp;

import java.io.IOException;
import java.time.Duration;
import java.util.OptionalInt;

/** The byte stream a {@link QmpClient} talks over. {@link #close()} must wake a thread blocked in {@link #read}. */
public interface QmpTransport extends AutoCloseable {
    /** Reads at least one byte, or returns -1 at end of stream; throws on timeout. */
    int read(byte[] buf, int off, int len, Duration timeout) throws IOException;

    void write(byte[] buf, int off, int len, Duration timeout) throws IOException;

    /** Sends {@code data} with descriptors attached (SCM_RIGHTS), for {@code getfd} and {@code add-fd}. */
    void sendWithFds(byte[] data, Duration timeout, int... fds) throws IOException;

    /** The process at the other end, when the transport can tell (a Unix socket's peer credentials). */
    default OptionalInt peerPid() {
        return OptionalInt.empty();
    }

    /** Where this transport goes, for messages (a socket path, {@code socketpair}). */
    String describe();

    @Override
    void close();
}
