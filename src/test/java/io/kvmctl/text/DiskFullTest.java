package io.kvmctl.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiskFullTest {
    @Test
    void recognisesEnospcAsJavaQemuImgAndQemuWordIt() {
        assertTrue(DiskFull.means("No space left on device"));
        assertTrue(DiskFull.means("qemu-img: x.qcow2: Could not write qcow2 header: No space left on device"));
        assertTrue(DiskFull.means("GenericError: Unable to write to file: no space left on device"));
    }

    @Test
    void saysWhichFileSystemToClear() {
        assertEquals(
                Optional.of(
                        "; the file system of /srv/img is full: free space there ('df -h /srv/img') and" + " retry"),
                DiskFull.hint("No space left on device", Path.of("/srv/img/a.qcow2")));
        assertEquals(Optional.empty(), DiskFull.hint("Permission denied", Path.of("/srv/img/a.qcow2")));
    }
}
