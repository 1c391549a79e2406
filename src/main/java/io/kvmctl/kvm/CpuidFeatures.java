package io.kvmctl.kvm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure decoding of CPUID feature bits into the names Linux uses in /proc/cpuinfo. Covers the leaves that matter
 * for deciding what a guest can run (1, 7.0, 0x80000001); unknown bits are left out rather than guessed.
 */
final class CpuidFeatures {
    private CpuidFeatures() {}

    private record Bit(int function, int index, char register, int bit, String name) {}

    private static final List<Bit> BITS = List.of(
            // Leaf 1 EDX
            new Bit(1, 0, 'd', 0, "fpu"),
            new Bit(1, 0, 'd', 4, "tsc"),
            new Bit(1, 0, 'd', 5, "msr"),
            new Bit(1, 0, 'd', 6, "pae"),
            new Bit(1, 0, 'd', 8, "cx8"),
            new Bit(1, 0, 'd', 9, "apic"),
            new Bit(1, 0, 'd', 15, "cmov"),
            new Bit(1, 0, 'd', 23, "mmx"),
            new Bit(1, 0, 'd', 24, "fxsr"),
            new Bit(1, 0, 'd', 25, "sse"),
            new Bit(1, 0, 'd', 26, "sse2"),
            new Bit(1, 0, 'd', 28, "ht"),
            // Leaf 1 ECX
            new Bit(1, 0, 'c', 0, "pni"),
            new Bit(1, 0, 'c', 1, "pclmulqdq"),
            new Bit(1, 0, 'c', 5, "vmx"),
            new Bit(1, 0, 'c', 9, "ssse3"),
            new Bit(1, 0, 'c', 12, "fma"),
            new Bit(1, 0, 'c', 13, "cx16"),
            new Bit(1, 0, 'c', 19, "sse4_1"),
            new Bit(1, 0, 'c', 20, "sse4_2"),
            new Bit(1, 0, 'c', 21, "x2apic"),
            new Bit(1, 0, 'c', 22, "movbe"),
            new Bit(1, 0, 'c', 23, "popcnt"),
            new Bit(1, 0, 'c', 24, "tsc_deadline_timer"),
            new Bit(1, 0, 'c', 25, "aes"),
            new Bit(1, 0, 'c', 26, "xsave"),
            new Bit(1, 0, 'c', 28, "avx"),
            new Bit(1, 0, 'c', 29, "f16c"),
            new Bit(1, 0, 'c', 30, "rdrand"),
            new Bit(1, 0, 'c', 31, "hypervisor"),
            // Leaf 7.0 EBX / ECX / EDX
            new Bit(7, 0, 'b', 0, "fsgsbase"),
            new Bit(7, 0, 'b', 3, "bmi1"),
            new Bit(7, 0, 'b', 5, "avx2"),
            new Bit(7, 0, 'b', 7, "smep"),
            new Bit(7, 0, 'b', 8, "bmi2"),
            new Bit(7, 0, 'b', 9, "erms"),
            new Bit(7, 0, 'b', 16, "avx512f"),
            new Bit(7, 0, 'b', 18, "rdseed"),
            new Bit(7, 0, 'b', 19, "adx"),
            new Bit(7, 0, 'b', 20, "smap"),
            new Bit(7, 0, 'b', 29, "sha_ni"),
            new Bit(7, 0, 'c', 2, "umip"),
            new Bit(7, 0, 'c', 3, "pku"),
            new Bit(7, 0, 'c', 9, "vaes"),
            new Bit(7, 0, 'c', 10, "vpclmulqdq"),
            new Bit(7, 0, 'd', 4, "fsrm"),
            new Bit(7, 0, 'd', 26, "ibrs"),
            new Bit(7, 0, 'd', 29, "arch_capabilities"),
            // Leaf 0x80000001 ECX / EDX
            new Bit(0x80000001, 0, 'c', 0, "lahf_lm"),
            new Bit(0x80000001, 0, 'c', 2, "svm"),
            new Bit(0x80000001, 0, 'c', 5, "abm"),
            new Bit(0x80000001, 0, 'c', 6, "sse4a"),
            new Bit(0x80000001, 0, 'd', 11, "syscall"),
            new Bit(0x80000001, 0, 'd', 20, "nx"),
            new Bit(0x80000001, 0, 'd', 26, "pdpe1gb"),
            new Bit(0x80000001, 0, 'd', 27, "rdtscp"),
            new Bit(0x80000001, 0, 'd', 29, "lm"));

    static Set<String> decode(List<CpuidEntry> entries) {
        Set<String> names = new TreeSet<>();
        for (Bit bit : BITS) {
            for (CpuidEntry e : entries) {
                if (e.function() == bit.function()
                        && e.index() == bit.index()
                        && (register(e, bit.register()) >>> bit.bit() & 1) != 0) {
                    names.add(bit.name());
                }
            }
        }
        return names;
    }

    /** Leaf 0 spells the vendor in EBX, EDX, ECX order, four ASCII bytes each, little-endian. */
    static String vendor(CpuidEntry leaf0) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(leaf0.ebx()).putInt(leaf0.edx()).putInt(leaf0.ecx());
        return new String(b.array(), StandardCharsets.US_ASCII).trim();
    }

    private static int register(CpuidEntry e, char register) {
        return switch (register) {
            case 'a' -> e.eax();
            case 'b' -> e.ebx();
            case 'c' -> e.ecx();
            case 'd' -> e.edx();
            default -> throw new IllegalArgumentException("register " + register);
        };
    }
}
