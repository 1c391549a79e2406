package io.kvmctl.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RealUidTest {
    @Test
    void takesTheRealIdFromTheUidLineNotTheEffectiveOne() {
        String status =
                "Name:\tjava\nUmask:\t0022\nState:\tR (running)\nUid:\t1000\t0\t0\t0\nGid:\t100\t100\t100\t100\n";
        assertEquals(1000, RealUid.parse(status));
    }

    @Test
    void refusesAStatusWithoutAUidLine() {
        assertThrows(IllegalStateException.class, () -> RealUid.parse("Name:\tjava\n"));
    }

    @Test
    void agreesWithTheOwnerOfAFileThisProcessCreates(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path made = Files.createFile(dir.resolve("mine"));
        assertEquals((int) Files.getAttribute(made, "unix:uid"), Processes.uid());
    }
}
