package io.kvmctl.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSettingsTest {
    @TempDir
    Path dir;

    @Test
    void acceptsAFolderThatDoesNotExistYet() {
        assertEquals(Optional.empty(), FolderSettings.problem(Map.of("KVMCTL_RUNTIME_DIR", dir + "/a/b")));
    }

    @Test
    void refusesAFileNamingTheVariableAndThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertEquals(
                Optional.of("KVMCTL_STORE_DIR=" + file + ": not a directory; set KVMCTL_STORE_DIR to a folder of"
                        + " yours, or unset it"),
                FolderSettings.problem(Map.of("KVMCTL_STORE_DIR", file.toString())));
    }

    @Test
    void refusesAFolderUnderAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertEquals(
                Optional.of("KVMCTL_LOG_DIR=" + file + "/logs: " + file + " is not a directory, so nothing can be"
                        + " made under it; set KVMCTL_LOG_DIR to a folder of yours, or unset it"),
                FolderSettings.problem(Map.of("KVMCTL_LOG_DIR", file + "/logs")));
    }

    @Test
    void ignoresVariablesThatAreNotSetOrBlank() {
        assertEquals(Optional.empty(), FolderSettings.problem(Map.of("KVMCTL_DATA_DIR", " ", "OTHER", "/etc/passwd")));
    }
}
