package io.kvmctl.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotSpaceTest {
    @Test
    void blamesAFileSystemWithLessFreeThanTheGuestsRam() {
        String why = SnapshotSpace.explain(Path.of("/srv/img/data.qcow2"), 3L << 20, 128L << 20)
                .orElseThrow();
        assertTrue(
                why.contains("up to 128 MiB, the guest's RAM) goes into /srv/img/data.qcow2, whose file system"
                        + " has 3 MiB free: no space left on device is the likely cause"),
                why);
        assertTrue(why.contains("free space there ('df -h /srv/img')"), why);
    }

    @Test
    void blamesNothingWhenTheRamFits() {
        assertEquals(Optional.empty(), SnapshotSpace.explain(Path.of("/srv/d.qcow2"), 128L << 20, 128L << 20));
    }
}
