package io.kvmctl.cloudinit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * SHA-512 crypt ({@code $6$}), the password hash glibc's crypt(3) and cloud-init's {@code passwd} expect, after
 * Ulrich Drepper's specification "Unix crypt using SHA-256 and SHA-512" (the JDK has SHA-512 but not this scheme).
 * kvmctl hashes a profile's {@code password} with it before the seed is written, so the plain text is never on
 * disk in the seed, in argv or in a log.
 */
public final class Sha512Crypt {
    private static final String PREFIX = "$6$";
    private static final int DEFAULT_ROUNDS = 5000;
    private static final String B64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sha512Crypt() {}

    /** The hash of {@code password} with a fresh random 16-character salt and the default 5000 rounds. */
    public static String hash(String password) {
        StringBuilder salt = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            salt.append(B64.charAt(RANDOM.nextInt(B64.length())));
        }
        return hash(password, salt.toString(), 0);
    }

    /** Whether {@code text} already is a crypt hash ({@code $6$...}, {@code $5$...}, {@code $y$...}). */
    public static boolean isHash(String text) {
        return text.matches("\\$(1|5|6|y|2[aby])\\$[^$\\s]+\\$[^\\s]+");
    }

    /**
     * The hash for a given salt (at most 16 characters are used) and rounds: 0 for the default 5000, left out of the
     * result as crypt(3) does when the setting names none; any other number is written ({@code rounds=N$}), clamped
     * to 1000..999999999 as the specification says.
     */
    static String hash(String password, String salt, int rounds) {
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        byte[] saltBytes = salt.substring(0, Math.min(16, salt.length())).getBytes(StandardCharsets.UTF_8);
        int r = rounds == 0 ? DEFAULT_ROUNDS : Math.max(1000, Math.min(999_999_999, rounds));

        MessageDigest b = sha512();
        b.update(key);
        b.update(saltBytes);
        b.update(key);
        byte[] digestB = b.digest();

        MessageDigest a = sha512();
        a.update(key);
        a.update(saltBytes);
        addRepeated(a, digestB, key.length);
        for (int length = key.length; length > 0; length >>= 1) {
            a.update((length & 1) != 0 ? digestB : key);
        }
        byte[] digestA = a.digest();

        MessageDigest dp = sha512();
        for (int i = 0; i < key.length; i++) {
            dp.update(key);
        }
        byte[] p = repeatTo(dp.digest(), key.length);

        MessageDigest ds = sha512();
        for (int i = 0; i < 16 + (digestA[0] & 0xff); i++) {
            ds.update(saltBytes);
        }
        byte[] s = repeatTo(ds.digest(), saltBytes.length);

        byte[] c = digestA;
        for (int i = 0; i < r; i++) {
            MessageDigest round = sha512();
            round.update((i & 1) != 0 ? p : c);
            if (i % 3 != 0) {
                round.update(s);
            }
            if (i % 7 != 0) {
                round.update(p);
            }
            round.update((i & 1) != 0 ? c : p);
            c = round.digest();
        }
        Arrays.fill(p, (byte) 0);
        Arrays.fill(key, (byte) 0);

        StringBuilder out = new StringBuilder(PREFIX);
        if (rounds != 0) {
            out.append("rounds=").append(r).append('$');
        }
        out.append(new String(saltBytes, StandardCharsets.UTF_8)).append('$');
        int[][] groups = {
            {0, 21, 42}, {22, 43, 1}, {44, 2, 23}, {3, 24, 45}, {25, 46, 4}, {47, 5, 26}, {6, 27, 48},
            {28, 49, 7}, {50, 8, 29}, {9, 30, 51}, {31, 52, 10}, {53, 11, 32}, {12, 33, 54}, {34, 55, 13},
            {56, 14, 35}, {15, 36, 57}, {37, 58, 16}, {59, 17, 38}, {18, 39, 60}, {40, 61, 19}, {62, 20, 41}
        };
        for (int[] g : groups) {
            encode(out, c[g[0]], c[g[1]], c[g[2]], 4);
        }
        encode(out, (byte) 0, (byte) 0, c[63], 2);
        return out.toString();
    }

    private static void addRepeated(MessageDigest digest, byte[] block, int length) {
        int left = length;
        for (; left > 64; left -= 64) {
            digest.update(block);
        }
        digest.update(block, 0, left);
    }

    private static byte[] repeatTo(byte[] block, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = block[i % 64];
        }
        return out;
    }

    private static void encode(StringBuilder out, byte b2, byte b1, byte b0, int chars) {
        int w = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
        for (int i = 0; i < chars; i++) {
            out.append(B64.charAt(w & 0x3f));
            w >>>= 6;
        }
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-512", e);
        }
    }
}
