package io.kvmctl.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.agent.FakeGuestAgent;
import io.kvmctl.agent.GuestAgent;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The freeze around a quiesced snapshot: the guest is thawed whatever happens inside. */
class FrozenFileSystemsTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void thawsWhenTheSnapshotInsideFails() throws Exception {
        try (FakeGuestAgent fake =
                        new FakeGuestAgent(c -> switch (c.path("execute").asString()) {
                            case "guest-fsfreeze-freeze" -> "{\"return\": 2}";
                            case "guest-fsfreeze-thaw" -> "{\"return\": 2}";
                            default -> null;
                        });
                GuestAgent agent = GuestAgent.over(fake.client, SECOND)) {
            var e = assertThrows(IOException.class, () -> {
                try (FrozenFileSystems frozen = FrozenFileSystems.freeze(agent, "web", SECOND)) {
                    assertEquals(2, frozen.count());
                    throw new IOException("snapshot-save failed");
                }
            });
            assertEquals("snapshot-save failed", e.getMessage());
            assertEquals(
                    "guest-fsfreeze-thaw",
                    fake.received.getLast().path("execute").asString());
        }
    }

    @Test
    void aThawThatFailsIsTriedOnceMoreBeforeSayingTheGuestIsStillFrozen() throws Exception {
        AtomicInteger thaws = new AtomicInteger();
        try (FakeGuestAgent fake =
                        new FakeGuestAgent(c -> switch (c.path("execute").asString()) {
                            case "guest-fsfreeze-freeze" -> "{\"return\": 1}";
                            case "guest-fsfreeze-thaw" -> {
                                thaws.incrementAndGet();
                                yield "{\"error\": {\"class\": \"GenericError\", \"desc\": \"busy\"}}";
                            }
                            default -> null;
                        });
                GuestAgent agent = GuestAgent.over(fake.client, SECOND)) {
            FrozenFileSystems frozen = FrozenFileSystems.freeze(agent, "web", SECOND);
            var e = assertThrows(SnapshotException.class, frozen::close);
            assertEquals(2, thaws.get());
            assertTrue(e.getMessage().contains("VM web are still frozen"), e.getMessage());
            assertTrue(e.getMessage().contains("fsfreeze -u"), e.getMessage());
        }
    }

    @Test
    void aFreezeTheGuestRefusesTakesNoSnapshotAndSaysWhy() throws Exception {
        try (FakeGuestAgent fake = new FakeGuestAgent(
                        c -> "{\"error\": {\"class\": \"GenericError\", \"desc\": \"fsfreeze is not supported\"}}");
                GuestAgent agent = GuestAgent.over(fake.client, SECOND)) {
            var e = assertThrows(SnapshotException.class, () -> FrozenFileSystems.freeze(agent, "web", SECOND));
            assertTrue(e.getMessage().startsWith("cannot quiesce VM web: "), e.getMessage());
            assertTrue(e.getMessage().contains("fsfreeze is not supported; no snapshot was taken"), e.getMessage());
        }
    }
}
