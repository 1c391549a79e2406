package io.kvmctl.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes a password file in the format of {@code vncpasswd} (read by {@code vncsnapshot -passwd}): the password,
 * zero-padded to 8 bytes, DES-encrypted with VNC's fixed key, whose bytes VNC's d3des uses bit-reversed.
 */
final class VncPasswdFile {
    private static final byte[] FIXED_KEY = {23, 82, 107, 6, 35, 78, 88, 7};

    private VncPasswdFile() {}

    static Path write(Path file, String password) throws IOException {
        byte[] key = new byte[8];
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (Integer.reverse(FIXED_KEY[i] & 0xff) >>> 24);
        }
        byte[] plain = new byte[8];
        byte[] pw = password.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(pw, 0, plain, 0, Math.min(8, pw.length));
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return Files.write(file, des.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IOException("DES is missing from this JDK", e);
        }
    }
}
