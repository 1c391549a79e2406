package io.kvmctl.kvm;

import io.kvmctl.sys.Errno;
import io.kvmctl.sys.SysCallException;

/**
 * A failed KVM operation: the operation, the errno with its name and text, and a hint when we know the usual cause,
 * e.g. {@code KVM_CREATE_VM failed: EBUSY (Device or resource busy): another hypervisor ...}.
 */
// Its superclass is the native layer's exception, in io.kvmctl.sys, which the module does not export: an embedder
// catches KvmException (or IOException) and reads operation(), errno() and hint() through it.
@SuppressWarnings("exports")
public final class KvmException extends SysCallException {
    public KvmException(String operation, int errno, String hint) {
        super(operation, errno, hint);
    }

    /** Re-raises a libc failure with the hint that fits its operation and errno on {@code device}. */
    static KvmException of(SysCallException e, String device) {
        if (e instanceof KvmException k) {
            return k;
        }
        return new KvmException(e.operation(), e.errno(), hint(e.operation(), e.errno(), device));
    }

    /** The advice for {@code errno} from {@code operation}; {@code null} when the errno text says it all. */
    static String hint(String operation, int errno, String device) {
        boolean open = operation.startsWith("open(");
        if (open && errno == Errno.EACCES) {
            return "this user may not open " + device + ": add it to the kvm group (usermod -aG kvm $USER, then log"
                    + " in again) or install the udev rule that makes " + device + " group kvm mode 0660";
        }
        if (open && errno == Errno.ENOENT) {
            return device + " does not exist: enable virtualization in the firmware and load kvm_intel or kvm_amd"
                    + " (modprobe kvm_intel / kvm_amd), or run on a host that offers nested virtualization";
        }
        if (operation.equals("KVM_CREATE_VM") && errno == Errno.EBUSY) {
            return "another hypervisor (such as VirtualBox or VMware) holds the CPU's VT-x/AMD-V; stop it and retry";
        }
        if (errno == Errno.ENOTTY || (operation.equals("KVM_GET_API_VERSION") && errno == Errno.EINVAL)) {
            return device + " is not a KVM device";
        }
        if (operation.equals("KVM_CREATE_VM") && errno == Errno.ENOMEM) {
            return "the kernel could not allocate the VM; free memory or lower other VMs' use";
        }
        return null;
    }
}
