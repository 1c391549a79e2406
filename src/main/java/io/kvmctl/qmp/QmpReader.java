package io.kvmctl.qmp;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The loop of a client's reader thread: reads the transport, frames and classifies messages and hands them to
 * the client. It never blocks on anything but the transport, so replies flow whatever consumers do.
 */
final class QmpReader implements Runnable {
    /** The reader waits this long per read; closing the transport wakes it earlier. */
    private static final Duration READ_SLICE = Duration.ofHours(1);

    /** What the client does with each message; {@link #ended} is called once, last. */
    interface Handler {
        void message(QmpMessage message) throws QmpProtocolException;

        void ended(IOException cause);
    }

    private final QmpTransport transport;
    private final int maxMessageBytes;
    private final Handler handler;

    QmpReader(QmpTransport transport, int maxMessageBytes, Handler handler) {
        this.transport = transport;
        this.maxMessageBytes = maxMessageBytes;
        this.handler = handler;
    }

    @Override
    public void run() {
        // As big as the socket's own staging buffer (a larger one would never fill): one per connection.
        byte[] buffer = new byte[16 * 1024];
        JsonFramer framer = new JsonFramer(maxMessageBytes);
        try {
            while (true) {
                int n;
                try {
                    n = transport.read(buffer, 0, buffer.length, READ_SLICE);
                } catch (SocketTimeoutException e) {
                    continue; // an idle connection is fine
                }
                if (n < 0) {
                    String detail = framer.pending() > 0 ? " in the middle of a message" : "";
                    handler.ended(new QmpConnectionClosedException("QEMU closed the QMP connection" + detail, null));
                    return;
                }
                framer.feed(
                        buffer, 0, n, (bytes, length) -> handler.message(QmpMessage.parse(Json.MAPPER, bytes, length)));
            }
        } catch (QmpProtocolException e) {
            handler.ended(e);
        } catch (IOException e) {
            handler.ended(new QmpConnectionClosedException("reading from QMP failed: " + e.getMessage(), e));
        } catch (RuntimeException | Error e) {
            handler.ended(new QmpProtocolException("the QMP reader failed: " + e, e));
            throw e;
        }
    }
}
