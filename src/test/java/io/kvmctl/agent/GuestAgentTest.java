package io.kvmctl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.unix.UnixSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GuestAgentTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void syncSkipsStaleRepliesAndAnOlderSyncAnswer() throws Exception {
        try (FakeAgent fake = new FakeAgent(command -> null)) {
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
        try (FakeAgent fake = new FakeAgent(
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
        try (FakeAgent fake = new FakeAgent(c -> reply)) {
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

    /** Plays qemu-ga on the other end of a socket pair: answers syncs, and other commands through {@code reply}. */
    private static final class FakeAgent implements AutoCloseable {
        final UnixSocket client;
        final UnixSocket guest;
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        volatile Function<JsonNode, String> reply;
        volatile String staleBeforeSync = "";
        volatile boolean sawResetByte;
        private final Thread thread;

        FakeAgent(Function<JsonNode, String> reply) throws IOException {
            UnixSocket[] pair = UnixSocket.pair();
            this.client = pair[0];
            this.guest = pair[1];
            this.reply = reply;
            this.thread = Thread.ofVirtual().start(this::serve);
        }

        private void serve() {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                while (true) {
                    int n = guest.read(buf, 0, buf.length, Duration.ofSeconds(10));
                    if (n < 0) {
                        return;
                    }
                    for (int i = 0; i < n; i++) {
                        if ((buf[i] & 0xff) == 0xff) {
                            sawResetByte = true;
                            line.reset();
                        } else if (buf[i] == '\n') {
                            answer(JSON.readTree(line.toString(StandardCharsets.UTF_8)));
                            line.reset();
                        } else {
                            line.write(buf[i]);
                        }
                    }
                }
            } catch (IOException e) {
                // the client closed
            }
        }

        private void answer(JsonNode command) throws IOException {
            received.add(command);
            String out;
            if (command.path("execute").asString().equals("guest-sync-delimited")) {
                out = staleBeforeSync + "\u00ff{\"return\": "
                        + command.path("arguments").path("id").asLong() + "}\n";
            } else {
                String r = reply.apply(command);
                if (r == null) {
                    return;
                }
                out = r + "\n";
            }
            byte[] bytes = out.getBytes(StandardCharsets.ISO_8859_1);
            guest.write(bytes, 0, bytes.length, SECOND);
        }

        @Override
        public void close() {
            client.close();
            guest.close();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
