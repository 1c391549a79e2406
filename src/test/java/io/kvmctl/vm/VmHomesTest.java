package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmHomesTest {
    @Test
    void rootKeepsVmsInVarLibAndUsersInXdgDataHomeThenLocalShare() {
        assertEquals(
                Path.of("/var/lib/kvmctl/vms"),
                VmHomes.fromEnvironment(Map.of(), 0).path());
        assertEquals(
                Path.of("/data/kvmctl/vms"),
                VmHomes.fromEnvironment(Map.of("XDG_DATA_HOME", "/data", "HOME", "/home/a"), 1000)
                        .path());
        assertEquals(
                Path.of("/home/a/.local/share/kvmctl/vms"),
                VmHomes.fromEnvironment(Map.of("XDG_DATA_HOME", "relative", "HOME", "/home/a"), 1000)
                        .path());
        assertEquals(
                Path.of("/srv/k/vms"),
                VmHomes.fromEnvironment(Map.of(VmHomes.ENV, "/srv/k"), 0).path());
    }

    @Test
    void createsTheHomeForTheOwnerOnlyAndRefusesOneOthersCanEnter(@TempDir Path tmp) throws IOException {
        VmHomes homes = new VmHomes(tmp.resolve("data/vms"));
        Path web = homes.ensure("web");
        assertEquals(tmp.resolve("data/vms/web"), web);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(web)));
        Files.setPosixFilePermissions(web, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThrows(IOException.class, () -> homes.ensure("web"));
        assertThrows(IllegalArgumentException.class, () -> homes.of("../etc"));
    }
}
