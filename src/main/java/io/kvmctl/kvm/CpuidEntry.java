package io.kvmctl.kvm;

import io.kvmctl.sys.KvmStructs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** One {@code kvm_cpuid_entry2}: a CPUID leaf ({@code function}, sub-leaf {@code index}) and its four registers. */
public record CpuidEntry(int function, int index, int flags, int eax, int ebx, int ecx, int edx) {
    private static final long FUNCTION = KvmStructs.offset(KvmStructs.KVM_CPUID_ENTRY2, "function");
    private static final long INDEX = KvmStructs.offset(KvmStructs.KVM_CPUID_ENTRY2, "index");
    private static final long FLAGS = KvmStructs.offset(KvmStructs.KVM_CPUID_ENTRY2, "flags");
    private static final long EAX = KvmStructs.offset(KvmStructs.KVM_CPUID_ENTRY2, "eax");
    private static final long EBX = KvmStructs.offset(KvmStructs.KVM_CPUID_ENTRY2, "ebx");
    private static final long ECX = KvmStructs.offset(KvmStructs.KVM_CPUID_ENTRY2, "ecx");
    private static final long EDX = KvmStructs.offset(KvmStructs.KVM_CPUID_ENTRY2, "edx");

    static CpuidEntry read(MemorySegment s) {
        return new CpuidEntry(
                s.get(ValueLayout.JAVA_INT, FUNCTION),
                s.get(ValueLayout.JAVA_INT, INDEX),
                s.get(ValueLayout.JAVA_INT, FLAGS),
                s.get(ValueLayout.JAVA_INT, EAX),
                s.get(ValueLayout.JAVA_INT, EBX),
                s.get(ValueLayout.JAVA_INT, ECX),
                s.get(ValueLayout.JAVA_INT, EDX));
    }

    void write(MemorySegment s) {
        s.set(ValueLayout.JAVA_INT, FUNCTION, function);
        s.set(ValueLayout.JAVA_INT, INDEX, index);
        s.set(ValueLayout.JAVA_INT, FLAGS, flags);
        s.set(ValueLayout.JAVA_INT, EAX, eax);
        s.set(ValueLayout.JAVA_INT, EBX, ebx);
        s.set(ValueLayout.JAVA_INT, ECX, ecx);
        s.set(ValueLayout.JAVA_INT, EDX, edx);
    }
}
