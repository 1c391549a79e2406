package io.kvmctl.kvm;

import java.lang.foreign.MemorySegment;

/**
 * Guest memory in one KVM slot: {@code memory} is the host mapping, seen by the guest from
 * {@code guestPhysAddress} on. Valid until its {@link KvmVm} is closed.
 */
public record MemoryRegion(int slot, long guestPhysAddress, MemorySegment memory) {
    /** Copies {@code bytes} into guest memory at guest-physical {@code address}. */
    public void write(long address, byte[] bytes) {
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, memory, address - guestPhysAddress, bytes.length);
    }

    public long size() {
        return memory.byteSize();
    }
}
