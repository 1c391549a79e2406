/*
 * Prints, from the real <linux/kvm.h>, every ioctl number, constant, struct size and member offset that kvmctl's
 * Java bindings (io.kvmctl.sys.KvmIoctls, KvmCapabilities, KvmExitReasons, KvmStructs) hard-code or derive.
 * KvmAbiTest compiles and runs this program and requires a one-to-one match with the Java side, so a new Java
 * constant or layout member must get its line here too.
 *
 * Output, one fact per line:
 *   ioctl NAME 0xHEX         request number
 *   const NAME DECIMAL       capability, exit reason or other constant
 *   sizeof STRUCT DECIMAL
 *   offsetof STRUCT.MEMBER[.MEMBER] DECIMAL   (anonymous unions are transparent, as in C)
 */
#include <linux/kvm.h>
#include <stddef.h>
#include <stdio.h>

#define IOCTL(n) printf("ioctl %s 0x%lx\n", #n, (unsigned long) (n))
#define CONST(n) printf("const %s %ld\n", #n, (long) (n))
#define SIZE(s) printf("sizeof %s %zu\n", #s, sizeof(struct s))
#define OFF(st, m) printf("offsetof %s.%s %zu\n", #st, #m, offsetof(struct st, m))

#define SEGMENT_MEMBERS(st, seg) \
    OFF(st, seg); OFF(st, seg.base); OFF(st, seg.limit); OFF(st, seg.selector); OFF(st, seg.type); \
    OFF(st, seg.present); OFF(st, seg.dpl); OFF(st, seg.db); OFF(st, seg.s); OFF(st, seg.l); OFF(st, seg.g); \
    OFF(st, seg.avl); OFF(st, seg.unusable)
#define DTABLE_MEMBERS(st, t) OFF(st, t); OFF(st, t.base); OFF(st, t.limit)

int main(void) {
    CONST(KVMIO);
    CONST(KVM_API_VERSION);
    IOCTL(KVM_GET_API_VERSION);
    IOCTL(KVM_CREATE_VM);
    IOCTL(KVM_CHECK_EXTENSION);
    IOCTL(KVM_GET_VCPU_MMAP_SIZE);
    IOCTL(KVM_GET_SUPPORTED_CPUID);
    IOCTL(KVM_CREATE_VCPU);
    IOCTL(KVM_SET_USER_MEMORY_REGION);
    IOCTL(KVM_SET_TSS_ADDR);
    IOCTL(KVM_CREATE_IRQCHIP);
    IOCTL(KVM_RUN);
    IOCTL(KVM_GET_REGS);
    IOCTL(KVM_SET_REGS);
    IOCTL(KVM_GET_SREGS);
    IOCTL(KVM_SET_SREGS);
    IOCTL(KVM_SET_CPUID2);
    IOCTL(KVM_GET_CPUID2);

    CONST(KVM_CAP_IRQCHIP);
    CONST(KVM_CAP_HLT);
    CONST(KVM_CAP_USER_MEMORY);
    CONST(KVM_CAP_SET_TSS_ADDR);
    CONST(KVM_CAP_EXT_CPUID);
    CONST(KVM_CAP_NR_VCPUS);
    CONST(KVM_CAP_NR_MEMSLOTS);
    CONST(KVM_CAP_MP_STATE);
    CONST(KVM_CAP_COALESCED_MMIO);
    CONST(KVM_CAP_SYNC_MMU);
    CONST(KVM_CAP_IRQ_ROUTING);
    CONST(KVM_CAP_IRQFD);
    CONST(KVM_CAP_PIT2);
    CONST(KVM_CAP_IOEVENTFD);
    CONST(KVM_CAP_SET_IDENTITY_MAP_ADDR);
    CONST(KVM_CAP_ADJUST_CLOCK);
    CONST(KVM_CAP_INTERNAL_ERROR_DATA);
    CONST(KVM_CAP_VCPU_EVENTS);
    CONST(KVM_CAP_XSAVE);
    CONST(KVM_CAP_TSC_CONTROL);
    CONST(KVM_CAP_MAX_VCPUS);
    CONST(KVM_CAP_TSC_DEADLINE_TIMER);
    CONST(KVM_CAP_KVMCLOCK_CTRL);
    CONST(KVM_CAP_SIGNAL_MSI);
    CONST(KVM_CAP_READONLY_MEM);
    CONST(KVM_CAP_IRQFD_RESAMPLE);
    CONST(KVM_CAP_SPLIT_IRQCHIP);
    CONST(KVM_CAP_IOEVENTFD_ANY_LENGTH);
    CONST(KVM_CAP_MAX_VCPU_ID);
    CONST(KVM_CAP_IMMEDIATE_EXIT);
    CONST(KVM_CAP_X86_DISABLE_EXITS);
    CONST(KVM_CAP_NESTED_STATE);
    CONST(KVM_CAP_DIRTY_LOG_RING);

    CONST(KVM_EXIT_UNKNOWN);
    CONST(KVM_EXIT_EXCEPTION);
    CONST(KVM_EXIT_IO);
    CONST(KVM_EXIT_HYPERCALL);
    CONST(KVM_EXIT_DEBUG);
    CONST(KVM_EXIT_HLT);
    CONST(KVM_EXIT_MMIO);
    CONST(KVM_EXIT_IRQ_WINDOW_OPEN);
    CONST(KVM_EXIT_SHUTDOWN);
    CONST(KVM_EXIT_FAIL_ENTRY);
    CONST(KVM_EXIT_INTR);
    CONST(KVM_EXIT_NMI);
    CONST(KVM_EXIT_INTERNAL_ERROR);
    CONST(KVM_EXIT_SYSTEM_EVENT);
    CONST(KVM_EXIT_IO_IN);
    CONST(KVM_EXIT_IO_OUT);

    SIZE(kvm_regs);
    OFF(kvm_regs, rax); OFF(kvm_regs, rbx); OFF(kvm_regs, rcx); OFF(kvm_regs, rdx);
    OFF(kvm_regs, rsi); OFF(kvm_regs, rdi); OFF(kvm_regs, rsp); OFF(kvm_regs, rbp);
    OFF(kvm_regs, r8); OFF(kvm_regs, r9); OFF(kvm_regs, r10); OFF(kvm_regs, r11);
    OFF(kvm_regs, r12); OFF(kvm_regs, r13); OFF(kvm_regs, r14); OFF(kvm_regs, r15);
    OFF(kvm_regs, rip); OFF(kvm_regs, rflags);

    SIZE(kvm_segment);
    OFF(kvm_segment, base); OFF(kvm_segment, limit); OFF(kvm_segment, selector); OFF(kvm_segment, type);
    OFF(kvm_segment, present); OFF(kvm_segment, dpl); OFF(kvm_segment, db); OFF(kvm_segment, s);
    OFF(kvm_segment, l); OFF(kvm_segment, g); OFF(kvm_segment, avl); OFF(kvm_segment, unusable);

    SIZE(kvm_dtable);
    OFF(kvm_dtable, base); OFF(kvm_dtable, limit);

    SIZE(kvm_sregs);
    SEGMENT_MEMBERS(kvm_sregs, cs); SEGMENT_MEMBERS(kvm_sregs, ds); SEGMENT_MEMBERS(kvm_sregs, es);
    SEGMENT_MEMBERS(kvm_sregs, fs); SEGMENT_MEMBERS(kvm_sregs, gs); SEGMENT_MEMBERS(kvm_sregs, ss);
    SEGMENT_MEMBERS(kvm_sregs, tr); SEGMENT_MEMBERS(kvm_sregs, ldt);
    DTABLE_MEMBERS(kvm_sregs, gdt); DTABLE_MEMBERS(kvm_sregs, idt);
    OFF(kvm_sregs, cr0); OFF(kvm_sregs, cr2); OFF(kvm_sregs, cr3); OFF(kvm_sregs, cr4); OFF(kvm_sregs, cr8);
    OFF(kvm_sregs, efer); OFF(kvm_sregs, apic_base); OFF(kvm_sregs, interrupt_bitmap);

    SIZE(kvm_userspace_memory_region);
    OFF(kvm_userspace_memory_region, slot); OFF(kvm_userspace_memory_region, flags);
    OFF(kvm_userspace_memory_region, guest_phys_addr); OFF(kvm_userspace_memory_region, memory_size);
    OFF(kvm_userspace_memory_region, userspace_addr);

    SIZE(kvm_cpuid_entry2);
    OFF(kvm_cpuid_entry2, function); OFF(kvm_cpuid_entry2, index); OFF(kvm_cpuid_entry2, flags);
    OFF(kvm_cpuid_entry2, eax); OFF(kvm_cpuid_entry2, ebx); OFF(kvm_cpuid_entry2, ecx); OFF(kvm_cpuid_entry2, edx);

    SIZE(kvm_cpuid2);
    OFF(kvm_cpuid2, nent);

    SIZE(kvm_run);
    OFF(kvm_run, request_interrupt_window); OFF(kvm_run, immediate_exit); OFF(kvm_run, exit_reason);
    OFF(kvm_run, ready_for_interrupt_injection); OFF(kvm_run, if_flag); OFF(kvm_run, flags);
    OFF(kvm_run, cr8); OFF(kvm_run, apic_base);
    OFF(kvm_run, hw); OFF(kvm_run, hw.hardware_exit_reason);
    OFF(kvm_run, fail_entry); OFF(kvm_run, fail_entry.hardware_entry_failure_reason); OFF(kvm_run, fail_entry.cpu);
    OFF(kvm_run, ex); OFF(kvm_run, ex.exception); OFF(kvm_run, ex.error_code);
    OFF(kvm_run, io); OFF(kvm_run, io.direction); OFF(kvm_run, io.size); OFF(kvm_run, io.port);
    OFF(kvm_run, io.count); OFF(kvm_run, io.data_offset);
    OFF(kvm_run, mmio); OFF(kvm_run, mmio.phys_addr); OFF(kvm_run, mmio.data); OFF(kvm_run, mmio.len);
    OFF(kvm_run, mmio.is_write);
    OFF(kvm_run, internal); OFF(kvm_run, internal.suberror); OFF(kvm_run, internal.ndata); OFF(kvm_run, internal.data);
    OFF(kvm_run, kvm_valid_regs); OFF(kvm_run, kvm_dirty_regs); OFF(kvm_run, s);
    return 0;
}
