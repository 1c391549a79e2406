package io.kvmctl.kvm;

import io.kvmctl.sys.KvmStructs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A segment register as KVM describes it ({@code struct kvm_segment}): the hidden descriptor cache included. */
public record Segment(
        long base,
        int limit,
        int selector,
        int type,
        boolean present,
        int dpl,
        boolean db,
        boolean s,
        boolean l,
        boolean g,
        boolean avl,
        boolean unusable) {
    private static final long BASE = off("base");
    private static final long LIMIT = off("limit");
    private static final long SELECTOR = off("selector");
    private static final long TYPE = off("type");
    private static final long PRESENT = off("present");
    private static final long DPL = off("dpl");
    private static final long DB = off("db");
    private static final long S = off("s");
    private static final long L = off("l");
    private static final long G = off("g");
    private static final long AVL = off("avl");
    private static final long UNUSABLE = off("unusable");

    /** This segment with another base and selector, the rest of the cached descriptor unchanged. */
    public Segment withBaseAndSelector(long newBase, int newSelector) {
        return new Segment(newBase, limit, newSelector, type, present, dpl, db, s, l, g, avl, unusable);
    }

    static Segment read(MemorySegment m, long at) {
        return new Segment(
                m.get(ValueLayout.JAVA_LONG, at + BASE),
                m.get(ValueLayout.JAVA_INT, at + LIMIT),
                Short.toUnsignedInt(m.get(ValueLayout.JAVA_SHORT, at + SELECTOR)),
                u8(m, at + TYPE),
                u8(m, at + PRESENT) != 0,
                u8(m, at + DPL),
                u8(m, at + DB) != 0,
                u8(m, at + S) != 0,
                u8(m, at + L) != 0,
                u8(m, at + G) != 0,
                u8(m, at + AVL) != 0,
                u8(m, at + UNUSABLE) != 0);
    }

    void write(MemorySegment m, long at) {
        m.set(ValueLayout.JAVA_LONG, at + BASE, base);
        m.set(ValueLayout.JAVA_INT, at + LIMIT, limit);
        m.set(ValueLayout.JAVA_SHORT, at + SELECTOR, (short) selector);
        m.set(ValueLayout.JAVA_BYTE, at + TYPE, (byte) type);
        m.set(ValueLayout.JAVA_BYTE, at + PRESENT, bit(present));
        m.set(ValueLayout.JAVA_BYTE, at + DPL, (byte) dpl);
        m.set(ValueLayout.JAVA_BYTE, at + DB, bit(db));
        m.set(ValueLayout.JAVA_BYTE, at + S, bit(s));
        m.set(ValueLayout.JAVA_BYTE, at + L, bit(l));
        m.set(ValueLayout.JAVA_BYTE, at + G, bit(g));
        m.set(ValueLayout.JAVA_BYTE, at + AVL, bit(avl));
        m.set(ValueLayout.JAVA_BYTE, at + UNUSABLE, bit(unusable));
    }

    private static long off(String member) {
        return KvmStructs.offset(KvmStructs.KVM_SEGMENT, member);
    }

    private static int u8(MemorySegment m, long at) {
        return Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, at));
    }

    private static byte bit(boolean b) {
        return (byte) (b ? 1 : 0);
    }
}
