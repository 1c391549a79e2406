package io.kvmctl.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvmctl.snapshot.SnapshotException;
import io.kvmctl.snapshot.Snapshots;
import io.kvmctl.testing.FakeQmpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link Snapshots} against a scripted QEMU: the HMP fallback on a QEMU without snapshot jobs, and a job that
 * fails (lives here because the fake server is this package's).
 */
class SnapshotProtocolTest {
    private static final String QCOW2_DISK = "[{\"qdev\": \"/machine/peripheral/data/virtio-backend\", \"inserted\":"
            + " {\"node-name\": \"data\", \"ro\": false, \"drv\": \"qcow2\", \"image\": {\"format\": \"qcow2\"}}}]";
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void qemuWithoutSnapshotJobsGetsHmpSavevmAndItsErrorTextIsReported() throws Exception {
        try (FakeQmpServer qemu = FakeQmpServer.connected()) {
            Snapshots s = new Snapshots(qemu.client(), "old");
            CompletableFuture<Snapshots.Outcome> save =
                    CompletableFuture.supplyAsync(() -> call(() -> s.save("t1", T)));
            qemu.reply(expect(qemu, "query-block"), QCOW2_DISK);
            qemu.reply(expect(qemu, "query-commands"), "[{\"name\": \"savevm\"}, {\"name\": \"query-block\"}]");
            JsonNode hmp = expect(qemu, "human-monitor-command");
            assertEquals("savevm t1", hmp.path("arguments").path("command-line").asString());
            qemu.reply(hmp, "\"\"");
            assertEquals(new Snapshots.Outcome("HMP savevm", List.of()), save.get(10, TimeUnit.SECONDS));

            CompletableFuture<Snapshots.Outcome> again =
                    CompletableFuture.supplyAsync(() -> call(() -> s.save("t2", T)));
            qemu.reply(expect(qemu, "query-block"), QCOW2_DISK);
            qemu.reply(expect(qemu, "query-commands"), "[{\"name\": \"savevm\"}]");
            qemu.reply(expect(qemu, "human-monitor-command"), "\"Error: No space left on device\\r\\n\"");
            Exception e = assertThrows(Exception.class, () -> again.get(10, TimeUnit.SECONDS));
            assertEquals(
                    "savevm of VM old failed: Error: No space left on device",
                    e.getCause().getMessage());
        }
    }

    @Test
    void failedSnapshotJobReportsTheJobsErrorAndIsDismissed() throws Exception {
        try (FakeQmpServer qemu = FakeQmpServer.connected()) {
            Snapshots s = new Snapshots(qemu.client(), "vm");
            CompletableFuture<Snapshots.Outcome> save = CompletableFuture.supplyAsync(() -> call(() -> s.save("t", T)));
            qemu.reply(expect(qemu, "query-block"), QCOW2_DISK);
            qemu.reply(expect(qemu, "query-commands"), "[{\"name\": \"snapshot-save\"}]");
            JsonNode job = expect(qemu, "snapshot-save");
            String id = job.path("arguments").path("job-id").asString();
            assertEquals("data", job.path("arguments").path("vmstate").asString());
            assertEquals("[\"data\"]", job.path("arguments").path("devices").toString());
            qemu.reply(job, "{}");
            qemu.event("JOB_STATUS_CHANGE", "{\"id\": \"" + id + "\", \"status\": \"running\"}");
            qemu.event("JOB_STATUS_CHANGE", "{\"id\": \"other\", \"status\": \"concluded\"}");
            qemu.event("JOB_STATUS_CHANGE", "{\"id\": \"" + id + "\", \"status\": \"concluded\"}");
            qemu.reply(
                    expect(qemu, "query-jobs"),
                    "[{\"id\": \"" + id + "\", \"type\": \"snapshot-save\", \"status\":"
                            + " \"concluded\", \"error\": \"Device 'data' is writable but does not support snapshots\"}]");
            JsonNode dismiss = expect(qemu, "job-dismiss");
            assertEquals(id, dismiss.path("arguments").path("id").asString());
            qemu.reply(dismiss, "{}");
            Exception e = assertThrows(Exception.class, () -> save.get(10, TimeUnit.SECONDS));
            assertEquals(
                    "snapshot-save of VM vm failed: Device 'data' is writable but does not support snapshots",
                    e.getCause().getMessage());
            assertEquals(SnapshotException.class, e.getCause().getClass());
        }
    }

    private static JsonNode expect(FakeQmpServer qemu, String command) throws Exception {
        JsonNode c = qemu.receive();
        assertEquals(command, c.path("execute").asString(), c.toString());
        return c;
    }

    private interface IoCall<T> {
        T run() throws Exception;
    }

    private static <T> T call(IoCall<T> c) {
        try {
            return c.run();
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
