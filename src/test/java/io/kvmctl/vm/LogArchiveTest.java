package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogArchiveTest {
    @TempDir
    Path tmp;

    @Test
    void aStartThatNeverSpawnedQemuKeepsNothing() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        VmDirectory dir = new VmDirectory(Files.createDirectory(run.resolve("web")));
        new LogRoot(tmp.resolve("logs")).recordIn(dir);
        assertEquals(Optional.empty(), VmDirectories.remove(dir));
        assertFalse(Files.exists(tmp.resolve("logs")), "no log folder for nothing to keep");
    }

    private VmDirectory runtimeDir(String serial, String qemu, String exitStatus) throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        VmDirectory dir = new VmDirectory(Files.createDirectory(run.resolve("web")));
        new LogRoot(tmp.resolve("logs")).recordIn(dir);
        Files.writeString(dir.serialLog(), serial);
        Files.writeString(dir.qemuLog(), qemu);
        Files.writeString(dir.exitStatus(), exitStatus);
        return dir;
    }

    @Test
    void removingTheRuntimeDirectoryKeepsBothLogsBehindALineNamingTheRun() throws IOException {
        VmDirectory dir = runtimeDir("booting\nREADY\n", "qemu: warning: x\n", "0\n");
        Optional<Path> kept = VmDirectories.remove(dir);
        Path folder = tmp.resolve("logs/web");
        assertEquals(Optional.of(folder), kept);
        assertFalse(Files.exists(dir.path()), "the runtime directory is gone");
        List<String> serial = Files.readAllLines(folder.resolve("serial.log"));
        assertTrue(serial.get(0).startsWith("-- kvmctl: VM web"), serial.get(0));
        assertTrue(serial.get(0).endsWith("QEMU exited with status 0"), serial.get(0));
        assertEquals(List.of("booting", "READY"), serial.subList(1, 3));
        assertTrue(Files.readString(folder.resolve("qemu.log")).endsWith("\nqemu: warning: x\n"));
    }

    @Test
    void whatSwtpmSaidIsKeptBesideQemusLog() throws IOException {
        VmDirectory dir = runtimeDir("", "", "1\n");
        Files.writeString(dir.path().resolve(Swtpm.LOG_FILE), "swtpm: Could not open TPM state\n");
        VmDirectories.remove(dir);
        List<String> swtpm = Files.readAllLines(tmp.resolve("logs/web/swtpm.log"));
        assertTrue(swtpm.get(0).startsWith("-- kvmctl: VM web"), swtpm.toString());
        assertEquals("swtpm: Could not open TPM state", swtpm.get(1));
    }

    @Test
    void laterRunsAreAppendedInOrder() throws IOException {
        VmDirectories.remove(runtimeDir("first run\n", "", "0"));
        VmDirectories.remove(runtimeDir("second run\n", "", "137"));
        String serial = Files.readString(tmp.resolve("logs/web/serial.log"));
        assertTrue(serial.indexOf("first run") < serial.indexOf("second run"), serial);
        assertTrue(serial.contains("QEMU was killed by SIGKILL (signal 9)\nsecond run"), serial);
        // QEMU said nothing in either run: its log still tells the runs apart and how each ended.
        List<String> qemu = Files.readAllLines(tmp.resolve("logs/web/qemu.log"));
        assertEquals(2, qemu.size(), qemu.toString());
        assertTrue(qemu.get(0).endsWith("QEMU exited with status 0"), qemu.toString());
        assertTrue(qemu.get(1).endsWith("QEMU was killed by SIGKILL (signal 9)"), qemu.toString());
    }

    @Test
    void aRunLongerThanTheCapKeepsItsEndAndSaysWhatWasDropped() throws IOException {
        LogRotation rotation = new LogRotation(1024, 3);
        Path folder = new LogRoot(tmp.resolve("logs")).ensure("web");
        Files.writeString(folder.resolve("serial.log"), "y".repeat(1000)); // an earlier run nearly fills the file
        VmDirectory dir = runtimeDir("x".repeat(5000) + "THE END\n", "", "0");
        LogArchive.keep(dir, new LogRoot(tmp.resolve("logs")), rotation, true);
        StringBuilder all = new StringBuilder();
        for (Path p : rotation.oldestFirst(folder, "serial.log")) {
            all.append(Files.readString(p));
        }
        String kept = all.toString();
        assertTrue(kept.length() <= 3 * 1024, "kept " + kept.length() + " bytes");
        assertTrue(kept.contains("-- kvmctl: VM web"), "the run's header was rotated away: " + kept);
        assertTrue(kept.contains("were dropped: kvmctl keeps the last "), kept);
        assertTrue(kept.endsWith("xxTHE END\n"), kept);
    }

    @Test
    void whenTheLogsCannotBeKeptTheRuntimeDirectoryStaysAndTheErrorSaysHowToFinish() throws IOException {
        Files.writeString(tmp.resolve("logs"), "a file where the log folder should be");
        VmDirectory dir = runtimeDir("READY\n", "", "0");
        IOException e = assertThrows(IOException.class, () -> VmDirectories.remove(dir));
        assertTrue(Files.exists(dir.serialLog()), "the serial log was lost");
        assertTrue(e.getMessage().contains("could not be kept in " + tmp.resolve("logs/web")), e.getMessage());
        assertTrue(e.getMessage().contains("they are still in " + dir.path()), e.getMessage());
        assertTrue(e.getMessage().contains("run 'kvmctl down web' again"), e.getMessage());
    }

    @Test
    void aFailedStartWhoseQemuSaidNothingKeepsNothing() {
        IOException cause = new IOException("net.json: No space left on device");
        assertDoesNotThrow(() -> VmDirectories.removeAfterFailedStart(runtimeDir("", "", "1"), cause));
        assertFalse(Files.exists(tmp.resolve("logs")), "a log folder was made on what may be a full disk");
        assertEquals(0, cause.getSuppressed().length);
    }

    @Test
    void aFailedStartIsCleanedUpEvenWhenItsLogsCannotBeKept() throws IOException {
        Files.writeString(tmp.resolve("logs"), "not a folder");
        VmDirectory dir = runtimeDir("", "qemu: could not open disk\n", "1");
        IOException cause = new IOException("QEMU exited with status 1");
        VmDirectories.removeAfterFailedStart(dir, cause);
        assertFalse(Files.exists(dir.path()));
        assertEquals(1, cause.getSuppressed().length, "the failure to keep the logs is added to the error");
    }
}
