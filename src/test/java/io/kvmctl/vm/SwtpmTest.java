package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** swtpm's command line and its state folder, without running swtpm. */
class SwtpmTest {
    @TempDir
    Path tmp;

    @Test
    void argvIsTpm2OnTheHandedOverSocketAndStateFolderEndingWithQemu() {
        assertEquals(
                List.of(
                        "/usr/bin/swtpm",
                        "socket",
                        "--tpm2",
                        "--tpmstate",
                        "dir=/proc/self/fd/4,mode=0600",
                        "--ctrl",
                        "type=unixio,fd=3",
                        "--terminate"),
                Swtpm.argv(Path.of("/usr/bin/swtpm"), Optional.empty()));
    }

    @Test
    void argvSwitchesToQemusUserWhenQemuDoes() {
        List<String> argv = Swtpm.argv(Path.of("/usr/bin/swtpm"), Optional.of("kvmctl"));
        assertEquals(List.of("--runas", "kvmctl"), argv.subList(argv.size() - 2, argv.size()));
    }

    @Test
    void missingBinaryIsOneLineNamingThePackage() {
        Path empty = tmp.resolve("bin");
        var e = assertThrows(VmStartException.class, () -> Swtpm.binary(Map.of("PATH", empty.toString())));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains("apt-get install swtpm"), e.getMessage());
    }

    @Test
    void binaryIsFoundOnPath() throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Path swtpm = Files.createFile(
                bin.resolve("swtpm"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertEquals(swtpm, Swtpm.binary(Map.of("PATH", "/nonexistent:" + bin)));
    }

    @Test
    void stateFolderIsMadePrivateInTheHomeAndReportedForUndoOnlyWhenNew() throws Exception {
        VmHomes homes = new VmHomes(tmp.resolve("vms"));
        List<Path> made = Swtpm.prepareState(homes, "vm", Optional.empty());
        Path state = homes.of("vm").resolve("tpm");
        assertEquals(List.of(state, homes.of("vm")), made);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        Files.writeString(state.resolve("tpm2-00.permall"), "state");
        assertEquals(List.of(), Swtpm.prepareState(homes, "vm", Optional.empty()), "a kept folder is not undone");
        Swtpm.undo(made, new Exception());
        assertFalse(Files.exists(homes.of("vm")));
    }

    @Test
    void statusLineNamesTheStateFolderOfAVmWithATpmOnly() throws Exception {
        VmDirectory dir = new VmDirectory(Files.createDirectory(tmp.resolve("vm")));
        assertEquals(Optional.empty(), Swtpm.statusLine(dir));
        Files.writeString(dir.path().resolve(Swtpm.STATE_FILE), "/var/lib/kvmctl/vms/vm/tpm\n");
        assertEquals(Optional.of("swtpm 2.0 (state in /var/lib/kvmctl/vms/vm/tpm)"), Swtpm.statusLine(dir));
    }
}
