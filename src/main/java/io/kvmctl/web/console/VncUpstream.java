package io.kvmctl.web.console;

import io.kvmctl.display.VncEndpoint;
import io.kvmctl.qmp.Json;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bridge's connection to QEMU's VNC server, handshaken and authenticated. A server with a password gets a fresh
 * random one over QMP for this connection only: set, answered in the DES challenge, then replaced at once by another
 * random one nobody knows and expired, so it cannot be used again. It never leaves this class (no log, no browser).
 */
final class VncUpstream {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * QEMU keeps one VNC password per display: two browsers opening the same screen at once must take turns from
     * setting it to QEMU's answer, or the second would replace the first's before it was checked.
     */
    private static final ConcurrentHashMap<Path, ReentrantLock> PASSWORD_TURNS = new ConcurrentHashMap<>();

    private VncUpstream() {}

    static Socket connect(Vm vm, VncEndpoint vnc) throws IOException {
        ReentrantLock turn = PASSWORD_TURNS.computeIfAbsent(vm.directory().path(), p -> new ReentrantLock());
        turn.lock();
        try {
            String password = null;
            if (vnc.needsPassword()) {
                password = randomPassword();
                vm.display().setVncPassword(password);
                // An earlier connection expired its password; expiry outlives a new password in QEMU, so lift it.
                expirePassword(vm, "never");
            }
            Socket socket = new Socket();
            try {
                socket.connect(
                        new InetSocketAddress(reachable(vnc.host()), vnc.port()), (int) CONNECT_TIMEOUT.toMillis());
                socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
                socket.setTcpNoDelay(true);
                String known = password;
                handshake(socket, new RfbClientHandshake(() -> known));
                socket.setSoTimeout(0);
                if (password != null) {
                    forget(vm);
                }
                return socket;
            } catch (IOException | RuntimeException e) {
                socket.close();
                if (password != null) {
                    forgetAfterFailure(vm, e);
                }
                throw e;
            }
        } finally {
            turn.unlock();
        }
    }

    /**
     * Makes this connection's password useless: QEMU checks expiry in whole seconds, so the password is also
     * replaced by a random one nobody knows (a later {@code kvmctl vnc --password-*} sets the user's own).
     */
    private static void forget(Vm vm) throws IOException {
        vm.display().setVncPassword(randomPassword());
        expirePassword(vm, "now");
    }

    private static void forgetAfterFailure(Vm vm, Exception failure) {
        try {
            forget(vm);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void expirePassword(Vm vm, String time) throws IOException {
        vm.qmp().execute("expire_password", Json.object().put("protocol", "vnc").put("time", time));
    }

    private static void handshake(Socket socket, RfbClientHandshake rfb) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        ByteBuffer received = ByteBuffer.allocate(4096);
        while (!rfb.done()) {
            int n = in.read(received.array(), received.position(), received.remaining());
            if (n < 0) {
                throw new IOException("QEMU's VNC server closed the connection during the handshake");
            }
            received.position(received.position() + n);
            received.flip();
            byte[] reply = rfb.receive(received);
            received.compact();
            if (reply.length > 0) {
                out.write(reply);
                out.flush();
            }
            if (!received.hasRemaining() && !rfb.done()) {
                throw new IOException("QEMU's VNC server sent more than an RFB handshake holds");
            }
        }
        if (received.position() > 0) {
            // QEMU sends nothing between its security result and the browser's ClientInit
            throw new IOException("QEMU's VNC server spoke before the client's ClientInit");
        }
    }

    /** QEMU listening on every address is reached on loopback. */
    private static String reachable(String host) {
        return switch (host) {
            case "", "0.0.0.0" -> "127.0.0.1";
            case "::" -> "::1";
            default -> host;
        };
    }

    private static String randomPassword() {
        StringBuilder s = new StringBuilder(VncAuthentication.KEY_LENGTH);
        for (int i = 0; i < VncAuthentication.KEY_LENGTH; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
