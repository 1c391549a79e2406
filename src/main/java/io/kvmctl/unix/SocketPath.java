package io.kvmctl.unix;

import io.kvmctl.sys.Libc;
import io.kvmctl.sys.UnixSocketCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A filesystem path made to fit {@code sun_path} (107 usable bytes). A longer path is reached through an
 * {@code O_PATH} descriptor of its directory as {@code /proc/self/fd/N/NAME}; the descriptor stays open until
 * {@link #close()}, i.e. for the duration of the connect or bind.
 */
final class SocketPath implements AutoCloseable {
    static final int MAX_BYTES = UnixSocketCalls.SUN_PATH_SIZE - 1;

    private final byte[] bytes;
    private final int directoryFd;

    private SocketPath(byte[] bytes, int directoryFd) {
        this.bytes = bytes;
        this.directoryFd = directoryFd;
    }

    static SocketPath of(Path path) throws IOException {
        byte[] direct = path.toString().getBytes(StandardCharsets.UTF_8);
        if (direct.length <= MAX_BYTES) {
            return new SocketPath(direct, -1);
        }
        Path absolute = path.toAbsolutePath();
        Path parent = absolute.getParent();
        Path name = absolute.getFileName();
        if (parent == null || name == null) {
            throw new IOException(tooLong(path, direct.length, "it has no directory part to open"));
        }
        byte[] nameBytes = name.toString().getBytes(StandardCharsets.UTF_8);
        // "/proc/self/fd/" + up to 10 digits + "/" leaves this many bytes for the file name.
        if (nameBytes.length > MAX_BYTES - "/proc/self/fd/2147483647/".length()) {
            throw new IOException(tooLong(
                    path,
                    direct.length,
                    "its file name alone (" + nameBytes.length + " bytes) is too long to reach through /proc/self/fd"));
        }
        int fd = Libc.open(parent.toString(), Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
        byte[] viaProc = ("/proc/self/fd/" + fd + "/" + name).getBytes(StandardCharsets.UTF_8);
        return new SocketPath(viaProc, fd);
    }

    private static String tooLong(Path path, int length, String why) {
        return "socket path " + path + " is " + length + " bytes, longer than sun_path allows (" + MAX_BYTES + "), and "
                + why + "; use a shorter path";
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public void close() throws IOException {
        if (directoryFd >= 0) {
            Libc.close(directoryFd);
        }
    }
}
