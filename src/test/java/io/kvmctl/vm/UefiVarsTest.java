package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.firmware.FirmwareDescriptor;
import io.kvmctl.firmware.VmFirmware;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UefiVarsTest {
    @TempDir
    Path tmp;

    private FirmwareDescriptor build() throws IOException {
        Path code = Files.write(tmp.resolve("OVMF_CODE_4M.fd"), new byte[] {1, 2, 3});
        Path template = Files.write(tmp.resolve("OVMF_VARS_4M.fd"), new byte[] {4, 5, 6, 7});
        return new FirmwareDescriptor(
                tmp.resolve("60-edk2-x86_64.json"), code, template, "raw", List.of("pc-q35-*"), Set.of());
    }

    @Test
    void theFirstStartCopiesTheTemplateIntoTheHomeOwnerOnly() throws IOException {
        FirmwareDescriptor d = build();
        VmHomes homes = new VmHomes(tmp.resolve("data/vms"));
        UefiVars made = UefiVars.prepare(Optional.of(d), Optional.empty(), homes, "web");
        Path vars = homes.of("web").resolve("OVMF_VARS_4M.fd");
        assertEquals(Optional.of(VmFirmware.of(d, vars)), made.firmware());
        assertArrayEquals(new byte[] {4, 5, 6, 7}, Files.readAllBytes(vars));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(vars)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(homes.of("web"))));
    }

    @Test
    void laterStartsKeepWhatTheGuestWrote() throws IOException {
        FirmwareDescriptor d = build();
        VmHomes homes = new VmHomes(tmp.resolve("data/vms"));
        UefiVars.prepare(Optional.of(d), Optional.empty(), homes, "web");
        Path vars = homes.of("web").resolve("OVMF_VARS_4M.fd");
        Files.write(vars, new byte[] {9, 9});
        UefiVars again = UefiVars.prepare(Optional.of(d), Optional.empty(), homes, "web");
        assertArrayEquals(new byte[] {9, 9}, Files.readAllBytes(vars));
        again.undo(new IOException("a later start failed"));
        assertTrue(Files.exists(vars), "a failed later start must not take the guest's variables");
    }

    @Test
    void aFailedFirstStartLeavesNeitherStoreNorHome() throws IOException {
        VmHomes homes = new VmHomes(tmp.resolve("data/vms"));
        UefiVars made = UefiVars.prepare(Optional.of(build()), Optional.empty(), homes, "web");
        made.undo(new IOException("QEMU did not start"));
        assertFalse(Files.exists(homes.of("web")));
    }

    @Test
    void aMigrationDestinationRunsTheRecordedStoreAndRefusesAMissingOne() throws IOException {
        FirmwareDescriptor d = build();
        VmHomes homes = new VmHomes(tmp.resolve("data/vms"));
        VmFirmware source = UefiVars.prepare(Optional.of(d), Optional.empty(), homes, "web")
                .firmware()
                .orElseThrow();
        UefiVars dest = UefiVars.prepare(Optional.empty(), Optional.of(source), homes, "web.incoming");
        assertEquals(Optional.of(source), dest.firmware());
        assertFalse(Files.exists(homes.of("web.incoming")), "the destination uses the source's home");
        Files.delete(Path.of(source.vars()));
        VmStartException e = assertThrows(
                VmStartException.class,
                () -> UefiVars.prepare(Optional.empty(), Optional.of(source), homes, "web.incoming"));
        assertTrue(e.getMessage().contains("is gone"), e.getMessage());
    }

    @Test
    void biosNeedsNothing() throws IOException {
        VmHomes homes = new VmHomes(tmp.resolve("data/vms"));
        assertEquals(UefiVars.NONE, UefiVars.prepare(Optional.empty(), Optional.empty(), homes, "web"));
        assertFalse(Files.exists(homes.path()));
    }
}
