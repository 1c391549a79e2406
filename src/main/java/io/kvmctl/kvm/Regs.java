package io.kvmctl.kvm;

import io.kvmctl.sys.KvmStructs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The general-purpose registers of a vCPU ({@code struct kvm_regs}). */
public record Regs(
        long rax,
        long rbx,
        long rcx,
        long rdx,
        long rsi,
        long rdi,
        long rsp,
        long rbp,
        long r8,
        long r9,
        long r10,
        long r11,
        long r12,
        long r13,
        long r14,
        long r15,
        long rip,
        long rflags) {
    /** RFLAGS bit 1 is reserved and always set; a value without it is rejected by VM entry. */
    public static final long RFLAGS_RESERVED = 0x2;

    /** All zero but the reserved RFLAGS bit. */
    public static Regs initial() {
        return new Regs(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, RFLAGS_RESERVED);
    }

    public Regs withRip(long value) {
        return new Regs(rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15, value, rflags);
    }

    public Regs withRsp(long value) {
        return new Regs(rax, rbx, rcx, rdx, rsi, rdi, value, rbp, r8, r9, r10, r11, r12, r13, r14, r15, rip, rflags);
    }

    public Regs withRax(long value) {
        return new Regs(value, rbx, rcx, rdx, rsi, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15, rip, rflags);
    }

    static Regs read(MemorySegment s) {
        long[] v = new long[18];
        MemorySegment.copy(s, ValueLayout.JAVA_LONG, 0, v, 0, v.length);
        return new Regs(
                v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15],
                v[16], v[17]);
    }

    void write(MemorySegment s) {
        long[] v = {rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15, rip, rflags};
        if (s.byteSize() < KvmStructs.KVM_REGS.byteSize()) {
            throw new IllegalArgumentException("segment smaller than kvm_regs");
        }
        MemorySegment.copy(v, 0, s, ValueLayout.JAVA_LONG, 0, v.length);
    }
}
