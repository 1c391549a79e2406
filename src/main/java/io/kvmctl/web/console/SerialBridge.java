package io.kvmctl.web.console;

import io.kvmctl.qmp.Json;
import io.kvmctl.unix.SocketClient;
import io.kvmctl.unix.UnixSocket;
import io.kvmctl.vm.Vm;
import io.kvmctl.web.WebSocketBridge;
import io.kvmctl.web.WebSocketPeer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * A browser's serial console ({@code /ws/vm/NAME/serial}): the scrollback (the last 64 KiB of the serial log) as the
 * first binary message, then QEMU's serial output live, and keys from the browser to the guest. QEMU serves one
 * console client, so the socket is held only while this bridge is open; when another client (say {@code kvmctl
 * console}) holds it, the browser is told so ({@code busy}) and follows the log read-only.
 */
public final class SerialBridge implements WebSocketBridge {
    private static final Duration KEY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration EXIT_PATIENCE = Duration.ofSeconds(5);

    private final Vm vm;
    private final WebSocketPeer peer;
    private final UnixSocket socket; // null while another client holds the console: read-only
    private volatile Thread pump;
    private volatile boolean closed;

    private SerialBridge(Vm vm, WebSocketPeer peer, UnixSocket socket) {
        this.vm = vm;
        this.peer = peer;
        this.socket = socket;
    }

    /**
     * Attaches a browser to {@code vm}'s serial console and starts sending to {@code peer}.
     *
     * @throws IOException the VM does not run, or its serial socket cannot be reached
     */
    public static WebSocketBridge open(Vm vm, WebSocketPeer peer) throws IOException {
        SerialAttach.Attached attached = SerialAttach.attach(vm);
        return switch (attached) {
            case SerialAttach.Live live -> {
                SerialBridge bridge = new SerialBridge(vm, peer, live.socket());
                try {
                    peer.sendBinary(live.scrollback());
                    if (live.firstOutput().hasRemaining()) {
                        peer.sendBinary(live.firstOutput());
                    }
                } catch (IOException | RuntimeException e) {
                    live.socket().close();
                    throw e;
                }
                bridge.start(bridge::pumpSocket);
                yield bridge;
            }
            case SerialAttach.Held held -> {
                SerialBridge bridge = new SerialBridge(vm, peer, null);
                peer.sendBinary(held.scrollback());
                String holders =
                        held.holders().stream().map(SocketClient::describe).collect(Collectors.joining(" and "));
                peer.sendText(Json.object()
                        .put("type", "busy")
                        .put("message", "the serial console is held by " + holders + ": showing its log read-only")
                        .toString());
                bridge.start(() -> bridge.followLog(held.followFrom()));
                yield bridge;
            }
        };
    }

    private void start(Runnable loop) {
        pump = Thread.ofVirtual().name("kvmctl-web-serial-" + vm.name()).start(loop);
    }

    private void pumpSocket() {
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = socket.read(buf, 0, buf.length, Duration.ofDays(365))) > 0) {
                // A copy per message: sendBinary may return with the message queued, not yet written.
                peer.sendBinary(ByteBuffer.wrap(java.util.Arrays.copyOf(buf, n)));
            }
        } catch (IOException | RuntimeException e) {
            if (closed) {
                return; // onClose closed the socket under the read
            }
        }
        ended();
    }

    private void followLog(long from) {
        try {
            SerialLogFollower.follow(
                    vm, vm.directory().serialLog(), from, bytes -> peer.sendBinary(ByteBuffer.wrap(bytes)));
        } catch (InterruptedException e) {
            return; // onClose
        } catch (IOException | RuntimeException e) {
            if (closed) {
                return;
            }
        }
        ended();
    }

    /** QEMU closed the console: it exited (say how) or, rarely, only dropped the connection. */
    private void ended() {
        if (closed) {
            return;
        }
        String reason;
        try {
            reason = vm.awaitExit(EXIT_PATIENCE)
                    ? vm.exitStatus().map(s -> "QEMU " + s.describe()).orElse("QEMU has exited")
                    : "QEMU closed the serial console";
        } catch (IOException e) {
            reason = "QEMU closed the serial console";
        }
        try {
            peer.sendText(
                    Json.object().put("type", "gone").put("reason", reason).toString());
        } catch (IOException browserGone) {
            // the browser left as well: nothing to tell
        }
        peer.close(1000, "the VM is gone");
        release();
    }

    @Override
    public void onBinary(ByteBuffer data) {
        byte[] keys = new byte[data.remaining()];
        data.get(keys);
        type(keys);
    }

    @Override
    public void onText(String text) {
        type(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Keys go to the guest as typed; on a read-only console (held by another client) they are dropped. */
    private void type(byte[] keys) {
        if (socket == null || closed || keys.length == 0) {
            return;
        }
        try {
            socket.write(keys, 0, keys.length, KEY_TIMEOUT);
        } catch (IOException e) {
            // QEMU takes keys only as fast as the guest reads them; a guest that stopped reading loses them, and a
            // QEMU that exited is reported by the pump
        }
    }

    @Override
    public void onClose() {
        closed = true;
        release();
    }

    private void release() {
        if (socket != null) {
            socket.close();
        }
        Thread t = pump;
        if (t != null && socket == null && t != Thread.currentThread()) {
            t.interrupt(); // the log follower waits on the file system
        }
    }
}
