package io.kvmctl.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {
    @TempDir
    Path dir;

    @Test
    void refusesAMissingFile() {
        assertEquals(Optional.of("does not exist"), Executables.whyNotRunnable(dir.resolve("qemu")));
    }

    @Test
    void refusesADirectory() {
        assertEquals(Optional.of("is a directory, not a program"), Executables.whyNotRunnable(dir));
    }

    @Test
    void refusesAFileWithoutExecuteBits() throws Exception {
        Path file = Files.writeString(dir.resolve("qemu"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertTrue(Executables.whyNotRunnable(file).orElseThrow().startsWith("is not executable"));
    }

    @Test
    void acceptsAnExecutableFile() throws Exception {
        Path file = Files.writeString(dir.resolve("qemu"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        assertEquals(Optional.empty(), Executables.whyNotRunnable(file));
    }
}
