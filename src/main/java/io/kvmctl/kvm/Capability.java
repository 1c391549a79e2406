package io.kvmctl.kvm;

import io.kvmctl.sys.KvmCapabilities;
import java.util.Locale;
import java.util.Optional;

/**
 * KVM capabilities kvmctl knows by name, with their {@code KVM_CAP_*} numbers. KVM_CHECK_EXTENSION answers 0 for
 * "absent" and a positive value otherwise; for some (NR_VCPUS, MAX_VCPUS, NR_MEMSLOTS) the value is a limit.
 */
public enum Capability {
    IRQCHIP(KvmCapabilities.KVM_CAP_IRQCHIP),
    HLT(KvmCapabilities.KVM_CAP_HLT),
    USER_MEMORY(KvmCapabilities.KVM_CAP_USER_MEMORY),
    SET_TSS_ADDR(KvmCapabilities.KVM_CAP_SET_TSS_ADDR),
    EXT_CPUID(KvmCapabilities.KVM_CAP_EXT_CPUID),
    NR_VCPUS(KvmCapabilities.KVM_CAP_NR_VCPUS),
    NR_MEMSLOTS(KvmCapabilities.KVM_CAP_NR_MEMSLOTS),
    MP_STATE(KvmCapabilities.KVM_CAP_MP_STATE),
    COALESCED_MMIO(KvmCapabilities.KVM_CAP_COALESCED_MMIO),
    SYNC_MMU(KvmCapabilities.KVM_CAP_SYNC_MMU),
    IRQ_ROUTING(KvmCapabilities.KVM_CAP_IRQ_ROUTING),
    IRQFD(KvmCapabilities.KVM_CAP_IRQFD),
    PIT2(KvmCapabilities.KVM_CAP_PIT2),
    IOEVENTFD(KvmCapabilities.KVM_CAP_IOEVENTFD),
    SET_IDENTITY_MAP_ADDR(KvmCapabilities.KVM_CAP_SET_IDENTITY_MAP_ADDR),
    ADJUST_CLOCK(KvmCapabilities.KVM_CAP_ADJUST_CLOCK),
    INTERNAL_ERROR_DATA(KvmCapabilities.KVM_CAP_INTERNAL_ERROR_DATA),
    VCPU_EVENTS(KvmCapabilities.KVM_CAP_VCPU_EVENTS),
    XSAVE(KvmCapabilities.KVM_CAP_XSAVE),
    TSC_CONTROL(KvmCapabilities.KVM_CAP_TSC_CONTROL),
    MAX_VCPUS(KvmCapabilities.KVM_CAP_MAX_VCPUS),
    TSC_DEADLINE_TIMER(KvmCapabilities.KVM_CAP_TSC_DEADLINE_TIMER),
    KVMCLOCK_CTRL(KvmCapabilities.KVM_CAP_KVMCLOCK_CTRL),
    SIGNAL_MSI(KvmCapabilities.KVM_CAP_SIGNAL_MSI),
    READONLY_MEM(KvmCapabilities.KVM_CAP_READONLY_MEM),
    IRQFD_RESAMPLE(KvmCapabilities.KVM_CAP_IRQFD_RESAMPLE),
    SPLIT_IRQCHIP(KvmCapabilities.KVM_CAP_SPLIT_IRQCHIP),
    IOEVENTFD_ANY_LENGTH(KvmCapabilities.KVM_CAP_IOEVENTFD_ANY_LENGTH),
    MAX_VCPU_ID(KvmCapabilities.KVM_CAP_MAX_VCPU_ID),
    IMMEDIATE_EXIT(KvmCapabilities.KVM_CAP_IMMEDIATE_EXIT),
    X86_DISABLE_EXITS(KvmCapabilities.KVM_CAP_X86_DISABLE_EXITS),
    NESTED_STATE(KvmCapabilities.KVM_CAP_NESTED_STATE),
    DIRTY_LOG_RING(KvmCapabilities.KVM_CAP_DIRTY_LOG_RING);

    private final int number;

    Capability(int number) {
        this.number = number;
    }

    /** The {@code KVM_CAP_*} number. */
    public int number() {
        return number;
    }

    /** The header's name, e.g. {@code KVM_CAP_NR_VCPUS}. */
    public String headerName() {
        return "KVM_CAP_" + name();
    }

    /** Looks a capability up by its short or header name, in any case: {@code irqfd}, {@code KVM_CAP_IRQFD}. */
    public static Optional<Capability> byName(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("KVM_CAP_") ? upper.substring("KVM_CAP_".length()) : upper;
        for (Capability c : values()) {
            if (c.name().equals(bare)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
