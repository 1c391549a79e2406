package io.kvmctl.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.sys.Errno;
import org.junit.jupiter.api.Test;

class KvmExceptionTest {
    @Test
    void eaccesOnOpenNamesTheKvmGroupAndUdevFix() {
        String hint = KvmException.hint("open(/dev/kvm)", Errno.EACCES, "/dev/kvm");
        assertTrue(hint.contains("kvm group") && hint.contains("udev"), hint);
    }

    @Test
    void ebusyOnCreateVmNamesAnotherHypervisor() {
        KvmException e = new KvmException(
                "KVM_CREATE_VM", Errno.EBUSY, KvmException.hint("KVM_CREATE_VM", Errno.EBUSY, "/dev/kvm"));
        assertTrue(
                e.getMessage()
                        .startsWith("KVM_CREATE_VM failed: EBUSY (Device or resource busy): another" + " hypervisor"),
                e.getMessage());
        assertEquals("KVM_CREATE_VM", e.operation());
    }

    @Test
    void enottyMeansNotAKvmDeviceAndOtherErrorsHaveNoHint() {
        assertEquals(
                "/dev/null is not a KVM device", KvmException.hint("KVM_GET_API_VERSION", Errno.ENOTTY, "/dev/null"));
        assertNull(KvmException.hint("KVM_GET_REGS", Errno.EFAULT, "/dev/kvm"));
    }
}
