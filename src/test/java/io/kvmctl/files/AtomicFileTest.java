package io.kvmctl.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path tmp;

    @Test
    void replacesTheFileAndKeepsItsPermissions() throws IOException {
        Path f = Files.writeString(tmp.resolve("p.yaml"), "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        AtomicFile.write(f, "new".getBytes(StandardCharsets.UTF_8), "the profile");
        assertEquals("new", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of(f), Files.list(tmp).toList(), "no temporary file left");
    }

    @Test
    void aFailedWriteLeavesThePreviousBytesAndNoTemporaryFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("net.json"), "{\"taps\": []}");
        byte[] before = Files.readAllBytes(f);
        IOException e = assertThrows(
                IOException.class,
                () -> AtomicFile.write(f, "the network record", temp -> {
                    Files.writeString(temp, "{\"ta");
                    throw new IOException("No space left on device");
                }));
        assertEquals(
                "could not write the network record (" + f + "): No space left on device; the file system of "
                        + tmp + " is full: free space there ('df -h " + tmp + "') and retry; the previous net.json is"
                        + " unchanged",
                e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), Files.list(tmp).toList(), "no temporary file left");
    }

    @Test
    void aFailedFirstWriteLeavesNothing() {
        Path f = tmp.resolve("state.json");
        IOException e = assertThrows(
                IOException.class,
                () -> AtomicFile.write(f, "the state of VM web", temp -> {
                    throw new IOException("Input/output error");
                }));
        assertTrue(e.getMessage().endsWith("Input/output error; nothing was written"), e.getMessage());
        assertTrue(!Files.exists(f));
    }
}
