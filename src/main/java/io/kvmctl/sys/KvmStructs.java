package io.kvmctl.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;

/**
 * The x86-64 KVM structs kvmctl exchanges with the kernel, as {@link StructLayout}s whose member names are the C
 * names. Conventions, which {@code KvmAbiTest} relies on when it compares them with {@code kvm_abi.c}: an unnamed
 * struct or union member stands for a C anonymous one (its members belong to the parent), and an unnamed value or
 * sequence is padding. Offsets used in hot paths are precomputed as {@code long} constants.
 */
@SuppressWarnings("restricted")
public final class KvmStructs {
    private KvmStructs() {}

    /** {@snippet lang=c :
     * struct kvm_regs {
     *     __u64 rax, rbx, rcx, rdx;
     *     __u64 rsi, rdi, rsp, rbp;
     *     __u64 r8,  r9,  r10, r11;
     *     __u64 r12, r13, r14, r15;
     *     __u64 rip, rflags;
     * };
     * } */
    public static final StructLayout KVM_REGS = structLayout(
                    JAVA_LONG.withName("rax"),
                    JAVA_LONG.withName("rbx"),
                    JAVA_LONG.withName("rcx"),
                    JAVA_LONG.withName("rdx"),
                    JAVA_LONG.withName("rsi"),
                    JAVA_LONG.withName("rdi"),
                    JAVA_LONG.withName("rsp"),
                    JAVA_LONG.withName("rbp"),
                    JAVA_LONG.withName("r8"),
                    JAVA_LONG.withName("r9"),
                    JAVA_LONG.withName("r10"),
                    JAVA_LONG.withName("r11"),
                    JAVA_LONG.withName("r12"),
                    JAVA_LONG.withName("r13"),
                    JAVA_LONG.withName("r14"),
                    JAVA_LONG.withName("r15"),
                    JAVA_LONG.withName("rip"),
                    JAVA_LONG.withName("rflags"))
            .withName("kvm_regs");

    /** {@snippet lang=c :
     * struct kvm_segment {
     *     __u64 base;
     *     __u32 limit;
     *     __u16 selector;
     *     __u8  type;
     *     __u8  present, dpl, db, s, l, g, avl;
     *     __u8  unusable;
     *     __u8  padding;
     * };
     * } */
    public static final StructLayout KVM_SEGMENT = structLayout(
                    JAVA_LONG.withName("base"),
                    JAVA_INT.withName("limit"),
                    JAVA_SHORT.withName("selector"),
                    JAVA_BYTE.withName("type"),
                    JAVA_BYTE.withName("present"),
                    JAVA_BYTE.withName("dpl"),
                    JAVA_BYTE.withName("db"),
                    JAVA_BYTE.withName("s"),
                    JAVA_BYTE.withName("l"),
                    JAVA_BYTE.withName("g"),
                    JAVA_BYTE.withName("avl"),
                    JAVA_BYTE.withName("unusable"),
                    paddingLayout(1))
            .withName("kvm_segment");

    /** {@snippet lang=c :
     * struct kvm_dtable {
     *     __u64 base;
     *     __u16 limit;
     *     __u16 padding[3];
     * };
     * } */
    public static final StructLayout KVM_DTABLE = structLayout(
                    JAVA_LONG.withName("base"), JAVA_SHORT.withName("limit"), paddingLayout(6))
            .withName("kvm_dtable");

    /** The number of 64-bit words of {@code kvm_sregs.interrupt_bitmap}: {@code (KVM_NR_INTERRUPTS + 63) / 64}. */
    public static final int INTERRUPT_BITMAP_WORDS = (256 + 63) / 64;

    /** {@snippet lang=c :
     * struct kvm_sregs {
     *     struct kvm_segment cs, ds, es, fs, gs, ss;
     *     struct kvm_segment tr, ldt;
     *     struct kvm_dtable gdt, idt;
     *     __u64 cr0, cr2, cr3, cr4, cr8;
     *     __u64 efer;
     *     __u64 apic_base;
     *     __u64 interrupt_bitmap[(KVM_NR_INTERRUPTS + 63) / 64];
     * };
     * } */
    public static final StructLayout KVM_SREGS = structLayout(
                    KVM_SEGMENT.withName("cs"),
                    KVM_SEGMENT.withName("ds"),
                    KVM_SEGMENT.withName("es"),
                    KVM_SEGMENT.withName("fs"),
                    KVM_SEGMENT.withName("gs"),
                    KVM_SEGMENT.withName("ss"),
                    KVM_SEGMENT.withName("tr"),
                    KVM_SEGMENT.withName("ldt"),
                    KVM_DTABLE.withName("gdt"),
                    KVM_DTABLE.withName("idt"),
                    JAVA_LONG.withName("cr0"),
                    JAVA_LONG.withName("cr2"),
                    JAVA_LONG.withName("cr3"),
                    JAVA_LONG.withName("cr4"),
                    JAVA_LONG.withName("cr8"),
                    JAVA_LONG.withName("efer"),
                    JAVA_LONG.withName("apic_base"),
                    sequenceLayout(INTERRUPT_BITMAP_WORDS, JAVA_LONG).withName("interrupt_bitmap"))
            .withName("kvm_sregs");

    /** {@snippet lang=c :
     * struct kvm_userspace_memory_region {
     *     __u32 slot;
     *     __u32 flags;
     *     __u64 guest_phys_addr;
     *     __u64 memory_size;    // bytes
     *     __u64 userspace_addr; // start of the userspace allocated memory
     * };
     * } */
    public static final StructLayout KVM_USERSPACE_MEMORY_REGION = structLayout(
                    JAVA_INT.withName("slot"),
                    JAVA_INT.withName("flags"),
                    JAVA_LONG.withName("guest_phys_addr"),
                    JAVA_LONG.withName("memory_size"),
                    JAVA_LONG.withName("userspace_addr"))
            .withName("kvm_userspace_memory_region");

    /** {@snippet lang=c :
     * struct kvm_cpuid_entry2 {
     *     __u32 function;
     *     __u32 index;
     *     __u32 flags;
     *     __u32 eax;
     *     __u32 ebx;
     *     __u32 ecx;
     *     __u32 edx;
     *     __u32 padding[3];
     * };
     * } */
    public static final StructLayout KVM_CPUID_ENTRY2 = structLayout(
                    JAVA_INT.withName("function"),
                    JAVA_INT.withName("index"),
                    JAVA_INT.withName("flags"),
                    JAVA_INT.withName("eax"),
                    JAVA_INT.withName("ebx"),
                    JAVA_INT.withName("ecx"),
                    JAVA_INT.withName("edx"),
                    paddingLayout(12))
            .withName("kvm_cpuid_entry2");

    /**
     * The fixed header of the variable-length {@code kvm_cpuid2}; {@code nent} entries follow it.
     * {@snippet lang=c :
     * struct kvm_cpuid2 {
     *     __u32 nent;
     *     __u32 padding;
     *     struct kvm_cpuid_entry2 entries[];
     * };
     * } */
    public static final StructLayout KVM_CPUID2 =
            structLayout(JAVA_INT.withName("nent"), paddingLayout(4)).withName("kvm_cpuid2");

    /** {@snippet lang=c :
     * struct kvm_io {            // kvm_run.io, for KVM_EXIT_IO
     *     __u8 direction;        // KVM_EXIT_IO_IN or KVM_EXIT_IO_OUT
     *     __u8 size;             // bytes per element
     *     __u16 port;
     *     __u32 count;           // elements (string I/O: more than one)
     *     __u64 data_offset;     // relative to kvm_run start
     * } io;
     * } */
    static final StructLayout KVM_RUN_IO = structLayout(
            JAVA_BYTE.withName("direction"),
            JAVA_BYTE.withName("size"),
            JAVA_SHORT.withName("port"),
            JAVA_INT.withName("count"),
            JAVA_LONG.withName("data_offset"));

    /** {@snippet lang=c :
     * struct {                   // kvm_run.mmio, for KVM_EXIT_MMIO
     *     __u64 phys_addr;
     *     __u8  data[8];
     *     __u32 len;
     *     __u8  is_write;
     * } mmio;
     * } */
    static final StructLayout KVM_RUN_MMIO = structLayout(
            JAVA_LONG.withName("phys_addr"),
            sequenceLayout(8, JAVA_BYTE).withName("data"),
            JAVA_INT.withName("len"),
            JAVA_BYTE.withName("is_write"),
            paddingLayout(3));

    /** {@snippet lang=c :
     * struct {                   // kvm_run.fail_entry, for KVM_EXIT_FAIL_ENTRY
     *     __u64 hardware_entry_failure_reason;
     *     __u32 cpu;
     * } fail_entry;
     * } */
    static final StructLayout KVM_RUN_FAIL_ENTRY = structLayout(
            JAVA_LONG.withName("hardware_entry_failure_reason"), JAVA_INT.withName("cpu"), paddingLayout(4));

    /** The number of words of {@code kvm_run.internal.data}. */
    public static final int INTERNAL_ERROR_DATA_WORDS = 16;

    /** {@snippet lang=c :
     * struct {                   // kvm_run.internal, for KVM_EXIT_INTERNAL_ERROR
     *     __u32 suberror;
     *     __u32 ndata;           // with KVM_CAP_INTERNAL_ERROR_DATA
     *     __u64 data[16];
     * } internal;
     * } */
    static final StructLayout KVM_RUN_INTERNAL = structLayout(
            JAVA_INT.withName("suberror"),
            JAVA_INT.withName("ndata"),
            sequenceLayout(INTERNAL_ERROR_DATA_WORDS, JAVA_LONG).withName("data"));

    /** The anonymous exit-information union of kvm_run; 256 bytes, the size of its {@code padding} member. */
    static final UnionLayout KVM_RUN_EXIT_UNION = unionLayout(
            structLayout(JAVA_LONG.withName("hardware_exit_reason")).withName("hw"),
            KVM_RUN_FAIL_ENTRY.withName("fail_entry"),
            structLayout(JAVA_INT.withName("exception"), JAVA_INT.withName("error_code"))
                    .withName("ex"),
            KVM_RUN_IO.withName("io"),
            KVM_RUN_MMIO.withName("mmio"),
            KVM_RUN_INTERNAL.withName("internal"),
            sequenceLayout(256, JAVA_BYTE));

    /** The size of kvm_run's sync-register area, {@code SYNC_REGS_SIZE_BYTES}. */
    static final int SYNC_REGS_SIZE_BYTES = 2048;

    /**
     * The shared page a vCPU fd maps: inputs to and results of KVM_RUN. Only the members kvmctl reads are named;
     * the rest of the exit union is covered by its 256-byte padding.
     * {@snippet lang=c :
     * struct kvm_run {
     *     __u8 request_interrupt_window;     // in
     *     __u8 immediate_exit;
     *     __u8 padding1[6];
     *     __u32 exit_reason;                 // out
     *     __u8 ready_for_interrupt_injection;
     *     __u8 if_flag;
     *     __u16 flags;
     *     __u64 cr8;                         // in (pre_kvm_run), out (post_kvm_run)
     *     __u64 apic_base;
     *     union {
     *         struct { __u64 hardware_exit_reason; } hw;                        // KVM_EXIT_UNKNOWN
     *         struct { __u64 hardware_entry_failure_reason; __u32 cpu; } fail_entry;
     *         struct { __u32 exception; __u32 error_code; } ex;                 // KVM_EXIT_EXCEPTION
     *         struct kvm_io { ... } io;                                         // KVM_EXIT_IO
     *         struct { __u64 phys_addr; __u8 data[8]; __u32 len; __u8 is_write; } mmio;
     *         struct { __u32 suberror; __u32 ndata; __u64 data[16]; } internal;
     *         // ... exits kvmctl does not decode ...
     *         char padding[256];
     *     };
     *     __u64 kvm_valid_regs;
     *     __u64 kvm_dirty_regs;
     *     union {
     *         struct kvm_sync_regs regs;
     *         char padding[SYNC_REGS_SIZE_BYTES];
     *     } s;
     * };
     * } */
    public static final StructLayout KVM_RUN = structLayout(
                    JAVA_BYTE.withName("request_interrupt_window"),
                    JAVA_BYTE.withName("immediate_exit"),
                    paddingLayout(6),
                    JAVA_INT.withName("exit_reason"),
                    JAVA_BYTE.withName("ready_for_interrupt_injection"),
                    JAVA_BYTE.withName("if_flag"),
                    JAVA_SHORT.withName("flags"),
                    JAVA_LONG.withName("cr8"),
                    JAVA_LONG.withName("apic_base"),
                    KVM_RUN_EXIT_UNION,
                    JAVA_LONG.withName("kvm_valid_regs"),
                    JAVA_LONG.withName("kvm_dirty_regs"),
                    sequenceLayout(SYNC_REGS_SIZE_BYTES, JAVA_BYTE).withName("s"))
            .withName("kvm_run");

    /** The layouts {@code kvm_abi.c} describes, for the ABI test and for documentation. */
    public static final java.util.List<StructLayout> ALL = java.util.List.of(
            KVM_REGS,
            KVM_SEGMENT,
            KVM_DTABLE,
            KVM_SREGS,
            KVM_USERSPACE_MEMORY_REGION,
            KVM_CPUID_ENTRY2,
            KVM_CPUID2,
            KVM_RUN);

    // Offsets into kvm_run, read on every exit.
    private static final long EXIT_UNION = KVM_RUN.byteOffset(groupElement(9));
    public static final long RUN_IMMEDIATE_EXIT = KVM_RUN.byteOffset(groupElement("immediate_exit"));
    public static final long RUN_EXIT_REASON = KVM_RUN.byteOffset(groupElement("exit_reason"));
    public static final long RUN_IO_DIRECTION = EXIT_UNION + io("direction");
    public static final long RUN_IO_SIZE = EXIT_UNION + io("size");
    public static final long RUN_IO_PORT = EXIT_UNION + io("port");
    public static final long RUN_IO_COUNT = EXIT_UNION + io("count");
    public static final long RUN_IO_DATA_OFFSET = EXIT_UNION + io("data_offset");
    public static final long RUN_MMIO_PHYS_ADDR = EXIT_UNION + mmio("phys_addr");
    public static final long RUN_MMIO_DATA = EXIT_UNION + mmio("data");
    public static final long RUN_MMIO_LEN = EXIT_UNION + mmio("len");
    public static final long RUN_MMIO_IS_WRITE = EXIT_UNION + mmio("is_write");
    public static final long RUN_FAIL_ENTRY_REASON =
            EXIT_UNION + KVM_RUN_FAIL_ENTRY.byteOffset(groupElement("hardware_entry_failure_reason"));
    public static final long RUN_FAIL_ENTRY_CPU = EXIT_UNION + KVM_RUN_FAIL_ENTRY.byteOffset(groupElement("cpu"));
    public static final long RUN_HW_EXIT_REASON = EXIT_UNION;
    public static final long RUN_INTERNAL_SUBERROR = EXIT_UNION + KVM_RUN_INTERNAL.byteOffset(groupElement("suberror"));
    public static final long RUN_INTERNAL_NDATA = EXIT_UNION + KVM_RUN_INTERNAL.byteOffset(groupElement("ndata"));
    public static final long RUN_INTERNAL_DATA = EXIT_UNION + KVM_RUN_INTERNAL.byteOffset(groupElement("data"));

    /** The byte offset of a member of a struct, e.g. {@code offset(KVM_SREGS, "cs", "base")}. */
    public static long offset(MemoryLayout layout, String... path) {
        MemoryLayout.PathElement[] elements = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }

    private static long io(String member) {
        return KVM_RUN_IO.byteOffset(groupElement(member));
    }

    private static long mmio(String member) {
        return KVM_RUN_MMIO.byteOffset(groupElement(member));
    }
}
