package io.kvmctl.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginTokensTest {
    @Test
    void tokenWorksOnceAndGivesASessionTheCookieAdmits() {
        LoginTokens logins = LoginTokens.create();
        Optional<String> session = logins.exchange(logins.token());
        assertTrue(session.isPresent());
        assertTrue(logins.admits("other=1; kvmctl_web=" + session.get()));
        assertEquals(Optional.empty(), logins.exchange(logins.token()), "a used token opens nothing");
    }

    @Test
    void wrongTokenAndWrongCookieAreRefused() {
        LoginTokens logins = LoginTokens.create();
        assertEquals(Optional.empty(), logins.exchange(logins.token() + "x"));
        assertEquals(Optional.empty(), logins.exchange(null));
        assertFalse(logins.admits("kvmctl_web=" + logins.token()), "the token itself is no session");
        assertFalse(logins.admits(null));
        assertFalse(logins.admits("kvmctl_web_other=abc"));
        assertTrue(logins.exchange(logins.token()).isPresent(), "failed tries do not use the token up");
    }

    @Test
    void tokensAre32RandomBytesBase64Url() {
        String a = LoginTokens.create().token();
        assertEquals(43, a.length());
        assertTrue(a.matches("[A-Za-z0-9_-]+"), a);
        assertNotEquals(a, LoginTokens.create().token());
    }

    @Test
    void cookieIsHttpOnlyStrictAndSecureOnlyWithTls() {
        assertEquals("kvmctl_web=S; HttpOnly; SameSite=Strict; Path=/", LoginTokens.setCookie("S", false));
        assertEquals("kvmctl_web=S; HttpOnly; SameSite=Strict; Path=/; Secure", LoginTokens.setCookie("S", true));
    }
}
