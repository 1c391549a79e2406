package io.kvmctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvmctl.vm.RuntimeRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMigrationNameTest {
    @TempDir
    Path tmp;

    @Test
    void temporaryNameSkipsNamesStillHeldByAliasLinks() throws Exception {
        RuntimeRoot root = new RuntimeRoot(tmp.resolve("run")).ensure();
        assertEquals("vm.incoming", LocalMigration.temporaryName(root, "vm"));
        Files.createDirectory(root.path().resolve("vm"));
        Files.createSymbolicLink(root.path().resolve("vm.incoming"), Path.of("vm"));
        assertEquals("vm.incoming2", LocalMigration.temporaryName(root, "vm"));
    }

    @Test
    void temporaryNameOfALongNameStaysAValidName() throws Exception {
        RuntimeRoot root = new RuntimeRoot(tmp.resolve("run")).ensure();
        String name = "a".repeat(64);
        String temp = LocalMigration.temporaryName(root, name);
        assertEquals(64, temp.length());
        assertEquals("a".repeat(55) + ".incoming", temp);
    }
}
