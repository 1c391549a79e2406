package io.kvmctl.sys;

/**
 * {@code KVM_CAP_*} numbers of {@code <linux/kvm.h>} that kvmctl asks about with KVM_CHECK_EXTENSION. Numbers are
 * ABI: the kernel never renumbers them, and {@code KvmAbiTest} checks each against the header.
 */
@SuppressWarnings("restricted")
public final class KvmCapabilities {
    public static final int KVM_CAP_IRQCHIP = 0;
    public static final int KVM_CAP_HLT = 1;
    public static final int KVM_CAP_USER_MEMORY = 3;
    public static final int KVM_CAP_SET_TSS_ADDR = 4;
    public static final int KVM_CAP_EXT_CPUID = 7;
    public static final int KVM_CAP_NR_VCPUS = 9;
    public static final int KVM_CAP_NR_MEMSLOTS = 10;
    public static final int KVM_CAP_MP_STATE = 14;
    public static final int KVM_CAP_COALESCED_MMIO = 15;
    public static final int KVM_CAP_SYNC_MMU = 16;
    public static final int KVM_CAP_IRQ_ROUTING = 25;
    public static final int KVM_CAP_IRQFD = 32;
    public static final int KVM_CAP_PIT2 = 33;
    public static final int KVM_CAP_IOEVENTFD = 36;
    public static final int KVM_CAP_SET_IDENTITY_MAP_ADDR = 37;
    public static final int KVM_CAP_ADJUST_CLOCK = 39;
    public static final int KVM_CAP_INTERNAL_ERROR_DATA = 40;
    public static final int KVM_CAP_VCPU_EVENTS = 41;
    public static final int KVM_CAP_XSAVE = 55;
    public static final int KVM_CAP_TSC_CONTROL = 60;
    public static final int KVM_CAP_MAX_VCPUS = 66;
    public static final int KVM_CAP_TSC_DEADLINE_TIMER = 72;
    public static final int KVM_CAP_KVMCLOCK_CTRL = 76;
    public static final int KVM_CAP_SIGNAL_MSI = 77;
    public static final int KVM_CAP_READONLY_MEM = 81;
    public static final int KVM_CAP_IRQFD_RESAMPLE = 82;
    public static final int KVM_CAP_SPLIT_IRQCHIP = 121;
    public static final int KVM_CAP_IOEVENTFD_ANY_LENGTH = 122;
    public static final int KVM_CAP_MAX_VCPU_ID = 128;
    public static final int KVM_CAP_IMMEDIATE_EXIT = 136;
    public static final int KVM_CAP_X86_DISABLE_EXITS = 143;
    public static final int KVM_CAP_NESTED_STATE = 157;
    public static final int KVM_CAP_DIRTY_LOG_RING = 192;

    private KvmCapabilities() {}
}
