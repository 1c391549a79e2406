package io.kvmctl.web.console;

import io.kvmctl.display.VncEndpoint;
import io.kvmctl.vm.Vm;
import io.kvmctl.web.WebSocketBridge;
import io.kvmctl.web.WebSocketPeer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A browser's VNC screen ({@code /ws/vm/NAME/vnc}): this side authenticates to QEMU's VNC server (see
 * {@link VncUpstream}) and offers the browser an RFB 3.8 handshake with security type None; from the browser's
 * ClientInit on, bytes pass through both ways unchanged.
 */
public final class VncBridge implements WebSocketBridge {
    private static final int CHUNK = 64 * 1024;

    private final Vm vm;
    private final WebSocketPeer peer;
    private final Socket qemu;
    private final OutputStream toQemu;
    private final RfbServerHandshake browser = new RfbServerHandshake();
    private ByteBuffer handshakeBytes = ByteBuffer.allocate(0); // the browser's bytes not yet a whole message
    private volatile boolean closed;

    private VncBridge(Vm vm, WebSocketPeer peer, Socket qemu) throws IOException {
        this.vm = vm;
        this.peer = peer;
        this.qemu = qemu;
        this.toQemu = qemu.getOutputStream();
    }

    /**
     * Connects to {@code vm}'s VNC server, authenticates to it, and sends the browser its RFB greeting.
     *
     * @throws NoVncDisplayException the VM has no VNC server (the server answers 404)
     * @throws IOException QEMU's VNC server could not be reached or refused us
     */
    public static WebSocketBridge open(Vm vm, WebSocketPeer peer) throws IOException {
        VncEndpoint vnc = vm.display().vnc();
        if (!vnc.enabled()) {
            throw new NoVncDisplayException(vm.name());
        }
        Socket qemu = VncUpstream.connect(vm, vnc);
        try {
            VncBridge bridge = new VncBridge(vm, peer, qemu);
            peer.sendBinary(ByteBuffer.wrap(RfbServerHandshake.greeting()));
            Thread.ofVirtual().name("kvmctl-web-vnc-" + vm.name()).start(bridge::pumpToBrowser);
            return bridge;
        } catch (IOException | RuntimeException e) {
            qemu.close();
            throw e;
        }
    }

    /** QEMU to browser; QEMU says nothing until the browser's ClientInit has reached it. */
    private void pumpToBrowser() {
        byte[] buf = new byte[CHUNK];
        try (InputStream in = qemu.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                peer.sendBinary(ByteBuffer.wrap(Arrays.copyOf(buf, n))); // may be queued: a copy each
            }
        } catch (IOException | RuntimeException e) {
            // closed under us (onClose), or QEMU went away
        }
        if (!closed) {
            closed = true;
            peer.close(1000, vm.isRunning() ? "QEMU's VNC server closed the connection" : "the VM is gone");
            release();
        }
    }

    @Override
    public synchronized void onBinary(ByteBuffer data) {
        if (closed) {
            return;
        }
        ByteBuffer toSend = data;
        if (!browser.done()) {
            handshakeBytes = joined(handshakeBytes, data);
            try {
                byte[] reply = browser.receive(handshakeBytes);
                if (reply.length > 0) {
                    peer.sendBinary(ByteBuffer.wrap(reply));
                }
            } catch (RfbHandshakeException e) {
                fail(e.farewell(), 1002, "RFB handshake failed");
                return;
            } catch (IOException e) {
                fail(new byte[0], 1011, "cannot send to the browser");
                return;
            }
            if (!browser.done()) {
                return;
            }
            toSend = handshakeBytes; // the browser's ClientInit, if it came in the same message
            handshakeBytes = ByteBuffer.allocate(0);
        }
        if (!toSend.hasRemaining()) {
            return;
        }
        try {
            byte[] bytes = new byte[toSend.remaining()];
            toSend.get(bytes);
            toQemu.write(bytes); // blocks while QEMU does not read: the browser's messages wait meanwhile
            toQemu.flush();
        } catch (IOException e) {
            fail(new byte[0], 1011, "QEMU's VNC server is gone");
        }
    }

    private void fail(byte[] farewell, int status, String reason) {
        if (farewell.length > 0) {
            try {
                peer.sendBinary(ByteBuffer.wrap(farewell));
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        closed = true;
        peer.close(status, reason);
        release();
    }

    private static ByteBuffer joined(ByteBuffer a, ByteBuffer b) {
        ByteBuffer all = ByteBuffer.allocate(a.remaining() + b.remaining());
        all.put(a).put(b).flip();
        return all;
    }

    /** noVNC speaks binary frames only; text has no meaning on this socket. */
    @Override
    public void onText(String text) {}

    @Override
    public void onClose() {
        closed = true;
        release();
    }

    private void release() {
        try {
            qemu.close();
        } catch (IOException ignored) {
            // closing a socket: nothing to do about a failure
        }
    }
}
