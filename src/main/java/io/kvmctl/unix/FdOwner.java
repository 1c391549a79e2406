package io.kvmctl.unix;

import io.kvmctl.sys.Libc;
import io.kvmctl.sys.SysCallException;
import io.kvmctl.sys.UnixSocketCalls;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * Owns one socket descriptor shared by threads. Closing while another thread polls on it must not close the
 * number under its feet (it could be reused by an unrelated open), so {@link #close()} only shuts the socket
 * down, which wakes the poller, and the descriptor is really closed when the last user releases it. With no
 * thread inside a call, close is a plain close(2), which leaves copies of the socket (e.g. QEMU's) working.
 */
final class FdOwner {
    private final int fd;
    private int users;
    private boolean closing;
    private boolean released;

    FdOwner(int fd) {
        this.fd = fd;
    }

    int fd() {
        return fd;
    }

    synchronized int acquire() throws IOException {
        if (closing) {
            throw new ClosedChannelException();
        }
        users++;
        return fd;
    }

    void release() {
        boolean closeNow;
        synchronized (this) {
            users--;
            closeNow = closing && users == 0 && !released;
            if (closeNow) {
                released = true;
            }
        }
        if (closeNow) {
            closeQuietly();
        }
    }

    synchronized boolean isClosed() {
        return closing;
    }

    /** Idempotent; returns true the first time. */
    boolean close() {
        boolean closeNow;
        synchronized (this) {
            if (closing) {
                return false;
            }
            closing = true;
            closeNow = users == 0;
            if (!closeNow) {
                // shutdown() acts on the socket, not on this descriptor: a copy handed to QEMU would be cut too.
                // So only when a thread is inside a call on it, to wake that thread.
                UnixSocketCalls.shutdown(fd);
            }
            if (closeNow) {
                released = true;
            }
        }
        if (closeNow) {
            closeQuietly();
        }
        return true;
    }

    /**
     * Closes our descriptor without shutting the socket down, for a socket that a child process inherited: a
     * shutdown would act on the shared socket and stop it listening for the child too. Idempotent.
     */
    boolean closeDescriptorOnly() {
        synchronized (this) {
            if (closing) {
                return false;
            }
            closing = true;
            if (users > 0) {
                return true; // the last user's release() closes it
            }
            released = true;
        }
        closeQuietly();
        return true;
    }

    private void closeQuietly() {
        try {
            Libc.close(fd);
        } catch (SysCallException e) {
            System.getLogger(FdOwner.class.getName()).log(System.Logger.Level.WARNING, "closing socket failed", e);
        }
    }
}
