package io.kvmctl.kvm;

import io.kvmctl.sys.KvmStructs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The GDT or IDT register ({@code struct kvm_dtable}). */
public record DescriptorTable(long base, int limit) {
    private static final long BASE = KvmStructs.offset(KvmStructs.KVM_DTABLE, "base");
    private static final long LIMIT = KvmStructs.offset(KvmStructs.KVM_DTABLE, "limit");

    static DescriptorTable read(MemorySegment m, long at) {
        return new DescriptorTable(
                m.get(ValueLayout.JAVA_LONG, at + BASE),
                Short.toUnsignedInt(m.get(ValueLayout.JAVA_SHORT, at + LIMIT)));
    }

    void write(MemorySegment m, long at) {
        m.set(ValueLayout.JAVA_LONG, at + BASE, base);
        m.set(ValueLayout.JAVA_SHORT, at + LIMIT, (short) limit);
    }
}
