package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmRecordStoreTest {
    private static VmRecord sample() {
        return new VmRecord(
                VmRecord.FORMAT_VERSION,
                "web",
                100,
                101,
                Instant.parse("2026-01-02T03:04:05Z"),
                List.of("/usr/bin/qemu-system-x86_64", "-name", "web"),
                "/p/web.yaml",
                "tcg",
                Instant.parse("2026-01-02T03:04:06Z"),
                0,
                "pc-q35-7.2",
                null);
    }

    @Test
    void recordSurvivesARoundTrip(@TempDir Path tmp) throws IOException {
        VmDirectory dir = new VmDirectory(Files.createDirectory(tmp.resolve("web")));
        VmRecordStore.write(dir, sample());
        assertEquals(Optional.of(sample()), VmRecordStore.read(dir));
        assertTrue(Files.notExists(dir.state().resolveSibling("state.json.tmp")), "temporary file left behind");
    }

    @Test
    void recordWrittenBeforeMachineTypesWereRecordedStillReads(@TempDir Path tmp) throws IOException {
        VmDirectory dir = new VmDirectory(Files.createDirectory(tmp.resolve("web")));
        VmRecordStore.write(dir, sample());
        String withoutMachine = Files.readString(dir.state()).replaceAll(",\\s*\"machine\"\\s*:\\s*\"[^\"]*\"", "");
        assertTrue(!withoutMachine.contains("machine"), withoutMachine);
        Files.writeString(dir.state(), withoutMachine);
        VmRecord old = VmRecordStore.read(dir).orElseThrow();
        assertEquals(null, old.machine());
        assertEquals("web", old.name());
    }

    @Test
    void missingRecordIsEmpty(@TempDir Path tmp) throws IOException {
        assertEquals(Optional.empty(), VmRecordStore.read(new VmDirectory(tmp)));
    }

    @Test
    void damagedRecordSaysHowToCleanUp(@TempDir Path tmp) throws IOException {
        VmDirectory dir = new VmDirectory(Files.createDirectory(tmp.resolve("web")));
        Files.writeString(dir.state(), "{\"name\": ");
        IOException e = assertThrows(IOException.class, () -> VmRecordStore.read(dir));
        assertTrue(
                e.getMessage().contains("is damaged") && e.getMessage().contains("kvmctl down --force web"),
                e.getMessage());
    }

    @Test
    void failedWriteKeepsThePreviousRecord(@TempDir Path tmp) throws IOException {
        VmDirectory dir = new VmDirectory(Files.createDirectory(tmp.resolve("web")));
        VmRecordStore.write(dir, sample());
        // A directory where the temporary file should go makes the write fail like a full disk would.
        Files.createDirectory(dir.state().resolveSibling(".state.json.kvmctl-tmp"));
        Files.writeString(dir.path().resolve(".state.json.kvmctl-tmp").resolve("x"), "");
        IOException e = assertThrows(
                IOException.class,
                () -> VmRecordStore.write(
                        dir, new VmRecord(1, "web", 1, 2, null, List.of(), null, "kvm", Instant.now(), 0, null, null)));
        assertTrue(
                e.getMessage().contains("could not write the state of VM web (" + dir.state() + ")")
                        && e.getMessage().contains("the previous state.json is unchanged"),
                e.getMessage());
        assertEquals(Optional.of(sample()), VmRecordStore.read(dir));
    }
}
