package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvmctl.stats.VmStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a Vm handle offers once its QEMU has exited: one plain message from every accessor, no socket error. */
class ExitedVmSurfaceTest {
    private static final String GONE = "VM web is not running (QEMU exited with status 1)";

    @TempDir
    Path tmp;

    Vm vm;

    @BeforeEach
    void recordAnExitedVm() throws IOException {
        RuntimeRoot root = new RuntimeRoot(tmp);
        VmDirectory dir = new VmDirectory(Files.createDirectory(root.vm("web").path()));
        // This JVM's pid with another start time: a QEMU whose pid was reused, i.e. one that has exited.
        int pid = (int) ProcessHandle.current().pid();
        VmRecordStore.write(
                dir,
                new VmRecord(
                        VmRecord.FORMAT_VERSION,
                        "web",
                        pid,
                        pid,
                        Instant.EPOCH,
                        List.of("/usr/bin/qemu-system-x86_64"),
                        null,
                        "tcg",
                        Instant.now().minusSeconds(60),
                        0,
                        "pc-q35-7.2",
                        null));
        Files.writeString(dir.exitStatus(), "1\n");
        vm = Vm.attach(root, "web");
    }

    @Test
    void userMonitorSocketOfAnExitedVmSaysHowQemuEnded() {
        assertEquals(
                GONE, assertThrows(IOException.class, vm::userMonitorSocket).getMessage());
    }

    @Test
    void consolesOfAnExitedVmSayHowQemuEnded() {
        assertEquals(GONE, assertThrows(IOException.class, vm::console).getMessage());
        assertEquals(GONE, assertThrows(IOException.class, vm::rawConsole).getMessage());
    }

    @Test
    void screenshotOfAnExitedVmSaysHowQemuEndedAndWritesNothing() {
        Path png = tmp.resolve("shot.png");
        IOException e = assertThrows(IOException.class, () -> vm.display().screenshot(png));
        assertEquals("VM web is not running: QEMU exited with status 1", e.getMessage());
        assertEquals(false, Files.exists(png));
    }

    @Test
    void statusOfAnExitedVmStillShowsTheRecordedMachineType() throws IOException {
        VmStatus s = vm.status();
        assertEquals("exited", s.state());
        assertEquals("pc-q35-7.2", s.machine());
        assertEquals("pc-q35-7.2", vm.machineType());
    }

    @Test
    void statsOfAnExitedVmReportStateExited() throws IOException {
        VmStats s = vm.stats(Duration.ofMillis(10));
        assertEquals("web", s.name());
        assertEquals("exited", s.state());
        assertEquals("QEMU exited with status 1", s.note());
        List<VmStats> many = Vm.stats(List.of(vm, vm), Duration.ofMillis(10));
        assertEquals(
                List.of("exited", "exited"), many.stream().map(VmStats::state).toList());
    }
}
