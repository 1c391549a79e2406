package io.kvmctl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.unix.UnixSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestAgentTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void syncSkipsStaleRepliesAndAnOlderSyncAnswer() throws Exception {
        try (FakeGuestAgent fake = new FakeGuestAgent(command -> null)) {
            fake.staleBeforeSync = "{\"return\": {}}\n\u00ff{\"return\": 42}\n";
            try (GuestAgent agent = GuestAgent.over(fake.client, SECOND)) {
                fake.reply = c -> c.path("execute").asString().equals("guest-ping") ? "{\"return\": {}}" : null;
                agent.ping(SECOND);
            }
            assertEquals(
                    "guest-sync-delimited", fake.received.get(0).path("execute").asString());
            assertTrue(fake.sawResetByte, "the sync starts with 0xFF so the agent drops half-written input");
        }
    }

    @Test
    void anErrorReplyNamesTheCommandAndTheAgentsReason() throws Exception {
        try (FakeGuestAgent fake = new FakeGuestAgent(
                c -> "{\"error\": {\"class\": \"GenericError\", \"desc\": \"fsfreeze is " + "not supported\"}}")) {
            try (GuestAgent agent = GuestAgent.over(fake.client, SECOND)) {
                var e = assertThrows(GuestAgentException.class, () -> agent.freeze(SECOND));
                assertEquals("guest agent: guest-fsfreeze-freeze failed: fsfreeze is not supported", e.getMessage());
            }
        }
    }

    @Test
    void noAgentInTheGuestIsATimeoutThatSaysSo() throws Exception {
        UnixSocket[] pair = UnixSocket.pair();
        try (UnixSocket silentGuest = pair[1]) {
            assertTrue(silentGuest.isOpen(), "the guest end stays open and silent, as a channel with no agent");
            var e = assertThrows(GuestAgentException.class, () -> GuestAgent.over(pair[0], Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("is qemu-ga running in the guest"), e.getMessage());
            assertFalse(pair[0].isOpen(), "a failed connect closes its socket");
        }
    }

    @Test
    void addressesListEveryInterfacesAddressesAndTellRoutableOnes() throws Exception {
        String reply = """
                {"return": [
                  {"name": "lo", "hardware-address": "00:00:00:00:00:00", "ip-addresses": [
                    {"ip-address-type": "ipv4", "ip-address": "127.0.0.1", "prefix": 8}]},
                  {"name": "eth0", "hardware-address": "52:54:00:12:34:56", "ip-addresses": [
                    {"ip-address-type": "ipv4", "ip-address": "10.0.2.15", "prefix": 24},
                    {"ip-address-type": "ipv6", "ip-address": "fe80::5054:ff:fe12:3456", "prefix": 64}]}]}
                """.replace("\n", "");
        try (FakeGuestAgent fake = new FakeGuestAgent(c -> reply)) {
            try (GuestAgent agent = GuestAgent.over(fake.client, SECOND)) {
                List<GuestAddress> addresses = agent.addresses(SECOND);
                assertEquals(3, addresses.size());
                assertEquals(
                        List.of("10.0.2.15/24"),
                        addresses.stream()
                                .filter(GuestAddress::routable)
                                .map(GuestAddress::toString)
                                .toList());
                assertEquals("eth0", addresses.get(1).interfaceName());
            }
        }
    }
}
