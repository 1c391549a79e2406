package io.kvmctl.web.console;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The server's side of an RFB handshake, as the VNC bridge speaks it to the browser: security type None only, since
 * the bridge itself authenticates to QEMU and the browser's session was authenticated by the web server. It stops
 * after the security result: the browser's ClientInit and everything after go to QEMU as they are. Pure: fed the
 * bytes the browser sent, it answers the bytes to send back.
 */
final class RfbServerHandshake {
    private enum State {
        VERSION,
        SECURITY_CHOICE,
        DONE
    }

    private State state = State.VERSION;
    private RfbVersion version;

    /** What the server sends first. */
    static byte[] greeting() {
        return RfbVersion.V3_8.message();
    }

    boolean done() {
        return state == State.DONE;
    }

    /**
     * Consumes as much of {@code in} as makes whole messages and returns what to send back. After {@link #done()}
     * it consumes nothing: what is left in {@code in} is the browser's ClientInit onwards.
     *
     * @throws RfbHandshakeException the browser speaks no RFB or chose a type not offered; send its
     *     {@link RfbHandshakeException#farewell()} and close
     */
    byte[] receive(ByteBuffer in) throws RfbHandshakeException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        if (state == State.VERSION && in.remaining() >= RfbVersion.LENGTH) {
            byte[] announced = new byte[RfbVersion.LENGTH];
            in.get(announced);
            version = RfbVersion.agreed(announced, "the browser");
            if (version == RfbVersion.V3_3) {
                reply.writeBytes(u32(RfbClientHandshake.SECURITY_NONE)); // 3.3: the server decides, no result follows
                state = State.DONE;
            } else {
                reply.write(1);
                reply.write(RfbClientHandshake.SECURITY_NONE);
                state = State.SECURITY_CHOICE;
            }
        }
        if (state == State.SECURITY_CHOICE && in.remaining() >= 1) {
            int chosen = in.get() & 0xff;
            if (chosen != RfbClientHandshake.SECURITY_NONE) {
                throw new RfbHandshakeException(
                        "the browser chose security type " + chosen + ", which was not offered", failed(chosen));
            }
            if (version == RfbVersion.V3_8) {
                reply.writeBytes(u32(0)); // SecurityResult OK; 3.7 sends none after None
            }
            state = State.DONE;
        }
        return reply.toByteArray();
    }

    private byte[] failed(int chosen) {
        if (version != RfbVersion.V3_8) {
            return u32(1);
        }
        byte[] reason = ("security type " + chosen + " was not offered; use None (1)").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + reason.length)
                .putInt(1)
                .putInt(reason.length)
                .put(reason)
                .array();
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }
}
