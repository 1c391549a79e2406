package io.kvmctl.kvm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Why {@link Vcpu#run()} returned. The I/O and MMIO variants hold slices of the vCPU's shared kvm_run page, not
 * copies: read their data and write an answer before the next {@code run()}, which reuses the page.
 */
public sealed interface VcpuExit {
    enum Direction {
        IN,
        OUT
    }

    /**
     * A port I/O instruction ({@code KVM_EXIT_IO}). {@code data} holds {@code size * count} bytes: what the
     * guest wrote for OUT, and the place to put the answer for IN.
     */
    record Io(int port, Direction direction, int size, int count, MemorySegment data) implements VcpuExit {
        /** A copy of the bytes (for OUT, what the guest wrote). */
        public byte[] bytes() {
            return data.toArray(ValueLayout.JAVA_BYTE);
        }

        /** For IN: the bytes the guest receives when it resumes; at most {@code size * count}. */
        public void answer(byte... in) {
            if (direction != Direction.IN) {
                throw new IllegalStateException("port 0x" + Integer.toHexString(port) + ": OUT takes no answer");
            }
            if (in.length > data.byteSize()) {
                throw new IllegalArgumentException("IN of " + data.byteSize() + " bytes cannot take " + in.length);
            }
            MemorySegment.copy(MemorySegment.ofArray(in), 0, data, 0, in.length);
        }
    }

    /** A guest access to an address no memory slot backs ({@code KVM_EXIT_MMIO}); {@code data} is 8 bytes. */
    record Mmio(long address, int length, boolean isWrite, MemorySegment data) implements VcpuExit {
        /** The {@code length} bytes written (for a write). */
        public byte[] bytes() {
            return data.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        }

        /** For a read: the bytes the guest loads when it resumes; at most {@code length}. */
        public void answer(byte... value) {
            if (isWrite) {
                throw new IllegalStateException("MMIO write at 0x" + Long.toHexString(address) + " takes no answer");
            }
            if (value.length > length) {
                throw new IllegalArgumentException("MMIO read of " + length + " bytes cannot take " + value.length);
            }
            MemorySegment.copy(MemorySegment.ofArray(value), 0, data, 0, value.length);
        }
    }

    /** The guest executed HLT with interrupts it could wait for handled by user space (no in-kernel irqchip). */
    record Hlt() implements VcpuExit {}

    /** A triple fault or similar: the guest is dead ({@code KVM_EXIT_SHUTDOWN}). */
    record Shutdown() implements VcpuExit {}

    /** VM entry failed: the register state is invalid for the hardware ({@code KVM_EXIT_FAIL_ENTRY}). */
    record FailEntry(long hardwareEntryFailureReason, int cpu) implements VcpuExit {}

    /** KVM could not handle the exit itself ({@code KVM_EXIT_INTERNAL_ERROR}), e.g. emulation failed. */
    record KvmInternalError(int suberror, List<Long> data) implements VcpuExit {
        public KvmInternalError {
            data = List.copyOf(data);
        }
    }

    /** Any other exit reason, by number ({@code KVM_EXIT_INTR} = 10 when a signal interrupted KVM_RUN). */
    record Other(int reason) implements VcpuExit {}
}
