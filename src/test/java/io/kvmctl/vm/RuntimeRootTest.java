package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeRootTest {
    @Test
    void rootUsesRunKvmctl() {
        assertEquals(
                Path.of("/run/kvmctl"), RuntimeRoot.fromEnvironment(Map.of(), 0).path());
    }

    @Test
    void userUsesXdgRuntimeDirThenTmp() {
        assertEquals(
                Path.of("/run/user/1000/kvmctl"),
                RuntimeRoot.fromEnvironment(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), 1000)
                        .path());
        assertEquals(
                Path.of("/tmp/kvmctl-1000"),
                RuntimeRoot.fromEnvironment(Map.of(), 1000).path());
    }

    @Test
    void explicitDirectoryWinsForEveryone() {
        assertEquals(
                Path.of("/srv/vms"),
                RuntimeRoot.fromEnvironment(Map.of("KVMCTL_RUNTIME_DIR", "/srv/vms", "XDG_RUNTIME_DIR", "/x"), 0)
                        .path());
    }

    @Test
    void ensureCreatesAnOwnerOnlyDirectory(@TempDir Path tmp) throws IOException {
        RuntimeRoot root = new RuntimeRoot(tmp.resolve("kvmctl")).ensure();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.path())));
    }

    @Test
    void ensureRefusesADirectoryOthersCanEnterAndSaysTheFix(@TempDir Path tmp) throws IOException {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException e = assertThrows(IOException.class, () -> new RuntimeRoot(open).ensure());
        assertTrue(e.getMessage().contains("chmod 700 " + open), e.getMessage());
    }

    @Test
    void namesListsOnlyValidVmDirectories(@TempDir Path tmp) throws IOException {
        RuntimeRoot root = new RuntimeRoot(tmp).ensure();
        Files.createDirectory(tmp.resolve("web-1"));
        Files.createDirectory(tmp.resolve("db"));
        Files.createFile(tmp.resolve(".db.lock"));
        Files.createDirectory(tmp.resolve(".hidden"));
        assertEquals(List.of("db", "web-1"), root.names());
    }

    @Test
    void vmRefusesNamesThatCouldEscapeTheRoot(@TempDir Path tmp) {
        RuntimeRoot root = new RuntimeRoot(tmp);
        for (String bad : List.of("../etc", "a/b", "", ".x", "x y", "a".repeat(65))) {
            assertThrows(IllegalArgumentException.class, () -> root.vm(bad), bad);
        }
    }
}
