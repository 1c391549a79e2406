package io.kvmctl.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The login of {@code kvmctl web}: one token, printed once, that works once and becomes a session id (a cookie).
 * Session ids are random and kept in memory only, so a restart of the server logs every browser out.
 */
public final class LoginTokens {
    public static final String COOKIE = "kvmctl_web";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private boolean used;
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();

    private LoginTokens(String token) {
        this.token = token;
    }

    /** A fresh one-time token of 32 random bytes. */
    public static LoginTokens create() {
        return new LoginTokens(random());
    }

    /** The token, for the one line the server prints (and the --open file); never logged. */
    public String token() {
        return token;
    }

    /** Exchanges the token for a new session id, once; empty for a wrong or already used token. */
    public synchronized Optional<String> exchange(String offered) {
        if (used || offered == null || !constantTimeEquals(offered, token)) {
            return Optional.empty();
        }
        used = true;
        String session = random();
        sessions.add(session);
        return Optional.of(session);
    }

    /** Whether a request's {@code Cookie} header carries a session id of ours. */
    public boolean admits(String cookieHeader) {
        return sessionOf(cookieHeader).map(sessions::contains).orElse(false);
    }

    /** The value of our cookie in a {@code Cookie} header ({@code a=1; kvmctl_web=SID}), if any. */
    static Optional<String> sessionOf(String cookieHeader) {
        if (cookieHeader == null) {
            return Optional.empty();
        }
        for (String part : cookieHeader.split(";")) {
            String p = part.strip();
            if (p.startsWith(COOKIE + "=")) {
                return Optional.of(p.substring(COOKIE.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** The {@code Set-Cookie} value for a session: HttpOnly, SameSite=Strict, and Secure over TLS. */
    public static String setCookie(String session, boolean tls) {
        return COOKIE + "=" + session + "; HttpOnly; SameSite=Strict; Path=/" + (tls ? "; Secure" : "");
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
