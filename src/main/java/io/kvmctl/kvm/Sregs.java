package io.kvmctl.kvm;

import static io.kvmctl.sys.KvmStructs.KVM_SREGS;
import static io.kvmctl.sys.KvmStructs.offset;

import io.kvmctl.sys.KvmStructs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The special registers of a vCPU ({@code struct kvm_sregs}): segments, descriptor tables, control registers,
 * EFER and the APIC base. Read them, change what you need with the {@code with...} methods, write them back, so
 * the fields you did not touch keep the kernel's values.
 */
public record Sregs(
        Segment cs,
        Segment ds,
        Segment es,
        Segment fs,
        Segment gs,
        Segment ss,
        Segment tr,
        Segment ldt,
        DescriptorTable gdt,
        DescriptorTable idt,
        long cr0,
        long cr2,
        long cr3,
        long cr4,
        long cr8,
        long efer,
        long apicBase,
        List<Long> interruptBitmap) {
    private static final String[] SEGMENTS = {"cs", "ds", "es", "fs", "gs", "ss", "tr", "ldt"};

    public Sregs {
        interruptBitmap = List.copyOf(interruptBitmap);
    }

    /** These registers with CS replaced, e.g. to start real-mode code at a segment base of 0. */
    public Sregs withCs(Segment segment) {
        return new Sregs(
                segment,
                ds,
                es,
                fs,
                gs,
                ss,
                tr,
                ldt,
                gdt,
                idt,
                cr0,
                cr2,
                cr3,
                cr4,
                cr8,
                efer,
                apicBase,
                interruptBitmap);
    }

    public Sregs withDs(Segment segment) {
        return new Sregs(
                cs,
                segment,
                es,
                fs,
                gs,
                ss,
                tr,
                ldt,
                gdt,
                idt,
                cr0,
                cr2,
                cr3,
                cr4,
                cr8,
                efer,
                apicBase,
                interruptBitmap);
    }

    static Sregs read(MemorySegment m) {
        Segment[] s = new Segment[SEGMENTS.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Segment.read(m, offset(KVM_SREGS, SEGMENTS[i]));
        }
        Long[] bitmap = new Long[KvmStructs.INTERRUPT_BITMAP_WORDS];
        long bitmapAt = offset(KVM_SREGS, "interrupt_bitmap");
        for (int i = 0; i < bitmap.length; i++) {
            bitmap[i] = m.get(ValueLayout.JAVA_LONG, bitmapAt + 8L * i);
        }
        return new Sregs(
                s[0],
                s[1],
                s[2],
                s[3],
                s[4],
                s[5],
                s[6],
                s[7],
                DescriptorTable.read(m, offset(KVM_SREGS, "gdt")),
                DescriptorTable.read(m, offset(KVM_SREGS, "idt")),
                u64(m, "cr0"),
                u64(m, "cr2"),
                u64(m, "cr3"),
                u64(m, "cr4"),
                u64(m, "cr8"),
                u64(m, "efer"),
                u64(m, "apic_base"),
                List.of(bitmap));
    }

    void write(MemorySegment m) {
        Segment[] s = {cs, ds, es, fs, gs, ss, tr, ldt};
        for (int i = 0; i < s.length; i++) {
            s[i].write(m, offset(KVM_SREGS, SEGMENTS[i]));
        }
        gdt.write(m, offset(KVM_SREGS, "gdt"));
        idt.write(m, offset(KVM_SREGS, "idt"));
        m.set(ValueLayout.JAVA_LONG, offset(KVM_SREGS, "cr0"), cr0);
        m.set(ValueLayout.JAVA_LONG, offset(KVM_SREGS, "cr2"), cr2);
        m.set(ValueLayout.JAVA_LONG, offset(KVM_SREGS, "cr3"), cr3);
        m.set(ValueLayout.JAVA_LONG, offset(KVM_SREGS, "cr4"), cr4);
        m.set(ValueLayout.JAVA_LONG, offset(KVM_SREGS, "cr8"), cr8);
        m.set(ValueLayout.JAVA_LONG, offset(KVM_SREGS, "efer"), efer);
        m.set(ValueLayout.JAVA_LONG, offset(KVM_SREGS, "apic_base"), apicBase);
        long bitmapAt = offset(KVM_SREGS, "interrupt_bitmap");
        for (int i = 0; i < KvmStructs.INTERRUPT_BITMAP_WORDS; i++) {
            m.set(ValueLayout.JAVA_LONG, bitmapAt + 8L * i, i < interruptBitmap.size() ? interruptBitmap.get(i) : 0L);
        }
    }

    private static long u64(MemorySegment m, String member) {
        return m.get(ValueLayout.JAVA_LONG, offset(KVM_SREGS, member));
    }
}
