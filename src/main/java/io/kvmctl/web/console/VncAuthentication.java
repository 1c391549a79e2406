package io.kvmctl.web.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFB's VNC Authentication (security type 2): the client proves it knows the password by encrypting the server's
 * 16-byte challenge with DES, keyed with the password's first 8 bytes (zero-padded). VNC's DES code (d3des) takes
 * the key's bits in the reverse order of standard DES, so each key byte is bit-reversed before standard DES.
 */
final class VncAuthentication {
    static final int CHALLENGE_LENGTH = 16;
    static final int KEY_LENGTH = 8;

    private VncAuthentication() {}

    static byte[] response(byte[] challenge, String password) {
        if (challenge.length != CHALLENGE_LENGTH) {
            throw new IllegalArgumentException("a VNC challenge is 16 bytes, not " + challenge.length);
        }
        byte[] key = Arrays.copyOf(password.getBytes(StandardCharsets.UTF_8), KEY_LENGTH);
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (Integer.reverse(key[i] & 0xff) >>> 24);
        }
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no DES, which VNC authentication needs", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
