package io.kvmctl.sys;

import static io.kvmctl.sys.Ioctl._IO;
import static io.kvmctl.sys.Ioctl._IOR;
import static io.kvmctl.sys.Ioctl._IOW;
import static io.kvmctl.sys.Ioctl._IOWR;

/**
 * The KVM ioctl requests kvmctl issues, named and derived as in {@code <linux/kvm.h>}. The sizes come from the
 * layouts in {@link KvmStructs}, so a layout that drifts from the kernel's struct changes the request number too;
 * {@code KvmAbiTest} compares every constant here with what {@code src/native-bindings/kvm_abi.c} prints.
 */
@SuppressWarnings("restricted")
public final class KvmIoctls {
    /** The ioctl "type" byte of KVM. */
    public static final int KVMIO = 0xAE;

    // System ioctls, on the /dev/kvm fd.
    public static final long KVM_GET_API_VERSION = _IO(KVMIO, 0x00);
    public static final long KVM_CREATE_VM = _IO(KVMIO, 0x01);
    public static final long KVM_CHECK_EXTENSION = _IO(KVMIO, 0x03);
    public static final long KVM_GET_VCPU_MMAP_SIZE = _IO(KVMIO, 0x04);
    public static final long KVM_GET_SUPPORTED_CPUID = _IOWR(KVMIO, 0x05, KvmStructs.KVM_CPUID2.byteSize());

    // VM ioctls, on a VM fd.
    public static final long KVM_CREATE_VCPU = _IO(KVMIO, 0x41);
    public static final long KVM_SET_USER_MEMORY_REGION =
            _IOW(KVMIO, 0x46, KvmStructs.KVM_USERSPACE_MEMORY_REGION.byteSize());
    public static final long KVM_SET_TSS_ADDR = _IO(KVMIO, 0x47);
    public static final long KVM_CREATE_IRQCHIP = _IO(KVMIO, 0x60);

    // vCPU ioctls, on a vCPU fd.
    public static final long KVM_RUN = _IO(KVMIO, 0x80);
    public static final long KVM_GET_REGS = _IOR(KVMIO, 0x81, KvmStructs.KVM_REGS.byteSize());
    public static final long KVM_SET_REGS = _IOW(KVMIO, 0x82, KvmStructs.KVM_REGS.byteSize());
    public static final long KVM_GET_SREGS = _IOR(KVMIO, 0x83, KvmStructs.KVM_SREGS.byteSize());
    public static final long KVM_SET_SREGS = _IOW(KVMIO, 0x84, KvmStructs.KVM_SREGS.byteSize());
    public static final long KVM_SET_CPUID2 = _IOW(KVMIO, 0x90, KvmStructs.KVM_CPUID2.byteSize());
    public static final long KVM_GET_CPUID2 = _IOWR(KVMIO, 0x91, KvmStructs.KVM_CPUID2.byteSize());

    /** The KVM API version every kernel since 2.6.22 reports; anything else is not the ABI we speak. */
    public static final int KVM_API_VERSION = 12;

    private KvmIoctls() {}
}
