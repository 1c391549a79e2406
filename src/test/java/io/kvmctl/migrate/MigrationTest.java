package io.kvmctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.vm.NoSuchVmException;
import io.kvmctl.vm.RuntimeRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Migration surface's checks that come before any QEMU is asked. */
class MigrationTest {
    @TempDir
    Path tmp;

    @Test
    void localMigrationRefusesToKeepItsSourceBeforeTouchingAnything() throws Exception {
        Migration m = Migration.of(new RuntimeRoot(tmp), "web").keepingSource();
        IllegalStateException e = assertThrows(IllegalStateException.class, m::local);
        assertTrue(e.getMessage().contains("keepingSource() is for to()"), e.getMessage());
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count(), "nothing was created in the runtime root");
        }
    }

    @Test
    void migrationOfAMissingVmByNameSaysThereIsNone() {
        Migration m = Migration.of(new RuntimeRoot(tmp), "web");
        assertThrows(NoSuchVmException.class, () -> m.to("tcp:127.0.0.1:1"));
        assertThrows(NoSuchVmException.class, () -> m.listen("tcp:127.0.0.1:1"));
        assertThrows(NoSuchVmException.class, m::local);
    }
}
