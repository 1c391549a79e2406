package io.kvmctl.web.console;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The client's side of an RFB handshake, as the VNC bridge speaks it to QEMU: version, security (None, or VNC
 * Authentication with a password it has just set), security result. It stops before ClientInit, which the browser
 * sends. Pure: fed the bytes QEMU sent, it answers the bytes to send back.
 */
final class RfbClientHandshake {
    static final int SECURITY_NONE = 1;
    static final int SECURITY_VNC_AUTH = 2;

    private enum State {
        VERSION,
        SECURITY_TYPES,
        CHALLENGE,
        SECURITY_RESULT,
        DONE
    }

    private final Supplier<String> password;
    private State state = State.VERSION;
    private RfbVersion version;
    private int chosen;

    /** @param password asked only when the server wants VNC Authentication */
    RfbClientHandshake(Supplier<String> password) {
        this.password = password;
    }

    boolean done() {
        return state == State.DONE;
    }

    /** Whether the server asked for VNC Authentication (type 2); known once the security type is chosen. */
    boolean usedPassword() {
        return chosen == SECURITY_VNC_AUTH;
    }

    /**
     * Consumes as much of {@code in} as makes whole messages (the rest stays for the next call) and returns what to
     * send back, possibly nothing. After {@link #done()} it consumes nothing: the rest belongs to the session.
     */
    byte[] receive(ByteBuffer in) throws RfbHandshakeException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        boolean progressed = true;
        while (progressed && state != State.DONE) {
            progressed = step(in, reply);
        }
        return reply.toByteArray();
    }

    private boolean step(ByteBuffer in, ByteArrayOutputStream reply) throws RfbHandshakeException {
        switch (state) {
            case VERSION -> {
                if (in.remaining() < RfbVersion.LENGTH) {
                    return false;
                }
                byte[] announced = new byte[RfbVersion.LENGTH];
                in.get(announced);
                version = RfbVersion.agreed(announced, "QEMU's VNC server");
                reply.writeBytes(version.message());
                state = State.SECURITY_TYPES;
            }
            case SECURITY_TYPES -> {
                if (version == RfbVersion.V3_3) {
                    return securityTypeOf33(in);
                }
                return securityTypes(in, reply);
            }
            case CHALLENGE -> {
                if (in.remaining() < VncAuthentication.CHALLENGE_LENGTH) {
                    return false;
                }
                byte[] challenge = new byte[VncAuthentication.CHALLENGE_LENGTH];
                in.get(challenge);
                reply.writeBytes(VncAuthentication.response(challenge, password.get()));
                state = State.SECURITY_RESULT;
            }
            case SECURITY_RESULT -> {
                return securityResult(in);
            }
            case DONE -> {
                return false;
            }
        }
        return true;
    }

    /** RFB 3.3: the server alone picks the type and says it in a u32 (0: failed, with a reason). */
    private boolean securityTypeOf33(ByteBuffer in) throws RfbHandshakeException {
        if (in.remaining() < 4) {
            return false;
        }
        in.mark();
        int type = in.getInt();
        if (type == 0) {
            return refused(in);
        }
        if (type != SECURITY_NONE && type != SECURITY_VNC_AUTH) {
            throw unsupported(List.of(type));
        }
        chosen = type;
        state = type == SECURITY_NONE ? State.DONE : State.CHALLENGE;
        return true;
    }

    private boolean securityTypes(ByteBuffer in, ByteArrayOutputStream reply) throws RfbHandshakeException {
        if (in.remaining() < 1) {
            return false;
        }
        in.mark();
        int count = in.get() & 0xff;
        if (count == 0) {
            return refused(in);
        }
        if (in.remaining() < count) {
            in.reset();
            return false;
        }
        List<Integer> offered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            offered.add(in.get() & 0xff);
        }
        if (offered.contains(SECURITY_NONE)) {
            chosen = SECURITY_NONE;
        } else if (offered.contains(SECURITY_VNC_AUTH)) {
            chosen = SECURITY_VNC_AUTH;
        } else {
            throw unsupported(offered);
        }
        reply.write(chosen);
        // RFB 3.7 sends no SecurityResult after None; 3.8 does.
        if (chosen == SECURITY_VNC_AUTH) {
            state = State.CHALLENGE;
        } else {
            state = version == RfbVersion.V3_8 ? State.SECURITY_RESULT : State.DONE;
        }
        return true;
    }

    private boolean securityResult(ByteBuffer in) throws RfbHandshakeException {
        if (in.remaining() < 4) {
            return false;
        }
        in.mark();
        int result = in.getInt();
        if (result == 0) {
            state = State.DONE;
            return true;
        }
        if (version != RfbVersion.V3_8) {
            throw new RfbHandshakeException("QEMU's VNC server refused the password it was just given");
        }
        String reason = reason(in);
        if (reason == null) {
            in.reset();
            return false;
        }
        throw new RfbHandshakeException("QEMU's VNC server refused the password it was just given: " + reason);
    }

    /** The server refused before security (too many clients, ...): a u32 length and the reason. */
    private boolean refused(ByteBuffer in) throws RfbHandshakeException {
        String reason = reason(in);
        if (reason == null) {
            in.reset();
            return false;
        }
        throw new RfbHandshakeException("QEMU's VNC server refused the connection: " + reason);
    }

    /** A u32-length string, or null while not all of it has arrived. */
    private static String reason(ByteBuffer in) {
        if (in.remaining() < 4) {
            return null;
        }
        int length = in.getInt();
        if (length < 0 || in.remaining() < length) {
            return null;
        }
        byte[] text = new byte[length];
        in.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }

    private static RfbHandshakeException unsupported(List<Integer> offered) {
        return new RfbHandshakeException("QEMU's VNC server offers only security types " + offered
                + " (TLS or SASL); the web console speaks None (1) and VNC Authentication (2): use 'display: vnc'"
                + " in the profile without TLS/SASL options");
    }
}
