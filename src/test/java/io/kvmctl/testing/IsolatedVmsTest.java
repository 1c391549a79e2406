package io.kvmctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IsolatedVmsTest {
    @Test
    void rootIsAPrivateRunFolderInsideTheTestsFolder() throws Exception {
        IsolatedVms vms = new IsolatedVms();
        try {
            assertEquals(vms.dir().resolve("run"), vms.root().path());
            assertEquals(
                    "rwx------",
                    PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(vms.root().path())));
            assertEquals(vms.root(), vms.options().root());
        } finally {
            vms.afterEach(null);
        }
    }

    @Test
    void afterTheTestAProcessNamingTheFolderIsKilledAndTheFolderDeleted() throws Exception {
        IsolatedVms vms = new IsolatedVms();
        Path log = Files.writeString(vms.root("host-b").path().resolve("qemu.log"), "");
        Process follower = new ProcessBuilder("tail", "-f", log.toString()).start();
        try {
            vms.afterEach(null);
            assertTrue(follower.waitFor(10, TimeUnit.SECONDS), "tail -f " + log + " still runs");
            assertEquals(128 + 9, follower.exitValue(), "killed by SIGKILL");
            assertFalse(Files.exists(vms.dir()), vms.dir() + " is left");
        } finally {
            follower.destroyForcibly();
        }
    }

    @Test
    void aRootKvmctlMakesItselfIsNotCreatedButIsDeletedAfterwards() throws Exception {
        Path place = Files.createTempDirectory("kvmctl-at-");
        Path root = place.resolve("kvmctl-4242");
        try {
            IsolatedVms vms = IsolatedVms.at(() -> root);
            vms.beforeEach(null);
            assertFalse(Files.exists(root), "left for kvmctl to create");
            assertThrows(IllegalStateException.class, vms::dir);
            Files.createDirectories(root.resolve("vm"));
            vms.afterEach(null);
            assertFalse(Files.exists(root));
        } finally {
            Folders.deleteTree(place);
        }
    }
}
