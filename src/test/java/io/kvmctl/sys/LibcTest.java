package io.kvmctl.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LibcTest {
    @Test
    void openOfMissingFileReportsEnoentWithPathAndText() {
        SysCallException e = assertThrows(
                SysCallException.class, () -> Libc.open("/nonexistent/kvmctl-test", Libc.O_RDONLY | Libc.O_CLOEXEC));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("ENOENT", e.errnoName());
        assertEquals("open(/nonexistent/kvmctl-test) failed: ENOENT (No such file or directory)", e.getMessage());
    }

    @Test
    void ioctlOnNonDeviceReportsEnotty() throws Exception {
        int fd = Libc.open("/dev/null", Libc.O_RDWR | Libc.O_CLOEXEC);
        try {
            SysCallException e =
                    assertThrows(SysCallException.class, () -> Libc.ioctl(fd, 0xAE00L, 0L, "KVM_GET_API_VERSION"));
            assertEquals("ENOTTY", e.errnoName());
            assertTrue(e.getMessage().startsWith("KVM_GET_API_VERSION failed: ENOTTY"), e.getMessage());
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void anonymousMappingIsReadableAndWritable() throws Exception {
        var mapping = Libc.mmap(
                8192, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1, 0, "anonymous");
        mapping.set(java.lang.foreign.ValueLayout.JAVA_LONG, 4096, 0x1234_5678_9abcL);
        assertEquals(0x1234_5678_9abcL, mapping.get(java.lang.foreign.ValueLayout.JAVA_LONG, 4096));
        Libc.munmap(mapping);
    }

    @Test
    void errnoNamesFollowTheKernelTable() {
        assertEquals("EBUSY", Errno.name(16));
        assertEquals("EACCES", Errno.name(13));
        assertEquals("errno 9999", Errno.name(9999));
        assertEquals("Device or resource busy", Errno.describe(Errno.EBUSY));
    }
}
