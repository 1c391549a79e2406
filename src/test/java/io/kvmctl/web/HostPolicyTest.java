package io.kvmctl.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPolicyTest {
    private final HostPolicy loopback = HostPolicy.of(ListenAddress.DEFAULT, 7080, List.of(), false);

    @Test
    void loopbackAnswersToItsThreeNamesWithThePort() {
        assertTrue(loopback.allowsHost("127.0.0.1:7080"));
        assertTrue(loopback.allowsHost("LOCALHOST:7080"));
        assertTrue(loopback.allowsHost("[::1]:7080"));
        assertFalse(loopback.allowsHost("localhost:7081"));
        assertFalse(loopback.allowsHost("localhost"));
        assertFalse(loopback.allowsHost("attacker.example:7080"), "DNS rebinding: a foreign name is refused");
        assertFalse(loopback.allowsHost(null));
    }

    @Test
    void originMustBeOneOfOurPagesWithTheRightScheme() {
        assertTrue(loopback.allowsOrigin("http://127.0.0.1:7080"));
        assertFalse(loopback.allowsOrigin("https://127.0.0.1:7080"), "no TLS here");
        assertFalse(loopback.allowsOrigin("http://evil.example"));
        assertFalse(loopback.allowsOrigin("null"));
        assertFalse(loopback.allowsOrigin(null));
        HostPolicy tls = HostPolicy.of(new ListenAddress("0.0.0.0", 8443), 8443, List.of("vm.example.org"), true);
        assertTrue(tls.allowsOrigin("https://vm.example.org:8443"));
        assertFalse(tls.allowsOrigin("http://vm.example.org:8443"));
        assertFalse(tls.allowsHost("localhost:8443"), "beyond loopback only the chosen names");
    }

    @Test
    void onlyReadingMethodsGoWithoutOrigin() {
        assertFalse(HostPolicy.changesState("GET"));
        assertFalse(HostPolicy.changesState("HEAD"));
        assertTrue(HostPolicy.changesState("POST"));
        assertTrue(HostPolicy.changesState("DELETE"));
        assertTrue(HostPolicy.changesState("PUT"));
    }
}
