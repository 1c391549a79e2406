package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRootTest {
    @TempDir
    Path tmp;

    @Test
    void rootKeepsLogsInVarLogKvmctl() {
        assertEquals(
                Path.of("/var/log/kvmctl"), LogRoot.fromEnvironment(Map.of(), 0).path());
    }

    @Test
    void userKeepsLogsInXdgStateHomeThenLocalState() {
        assertEquals(
                Path.of("/home/u/state/kvmctl"),
                LogRoot.fromEnvironment(Map.of("XDG_STATE_HOME", "/home/u/state", "HOME", "/home/u"), 1000)
                        .path());
        assertEquals(
                Path.of("/home/u/.local/state/kvmctl"),
                LogRoot.fromEnvironment(Map.of("HOME", "/home/u"), 1000).path());
        // The XDG spec: a relative path is invalid and is ignored.
        assertEquals(
                Path.of("/home/u/.local/state/kvmctl"),
                LogRoot.fromEnvironment(Map.of("XDG_STATE_HOME", "state", "HOME", "/home/u"), 1000)
                        .path());
    }

    @Test
    void explicitFolderWinsForEveryone() {
        assertEquals(
                Path.of("/srv/logs"),
                LogRoot.fromEnvironment(Map.of("KVMCTL_LOG_DIR", "/srv/logs", "XDG_STATE_HOME", "/x"), 0)
                        .path());
    }

    @Test
    void createsRootAndVmFolderForTheOwnerOnly() throws IOException {
        LogRoot root = new LogRoot(tmp.resolve("state/kvmctl"));
        Path folder = root.ensure("web");
        assertEquals(tmp.resolve("state/kvmctl/web"), folder);
        for (Path p : new Path[] {root.path(), folder}) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
    }

    @Test
    void refusesAFolderOthersCanEnterAndSaysHowToChooseAnother() throws IOException {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException e = assertThrows(IOException.class, () -> new LogRoot(open).ensure("web"));
        assertTrue(e.getMessage().contains("chmod 700 " + open), e.getMessage());
    }

    @Test
    void aVmsLogsGoWhereItsStartChoseNotWhereTheStopperLooks() throws IOException {
        VmDirectory dir = new VmDirectory(Files.createDirectory(tmp.resolve("web")));
        new LogRoot(tmp.resolve("chosen")).recordIn(dir);
        assertEquals(tmp.resolve("chosen"), LogRoot.of(dir).path());
    }
}
