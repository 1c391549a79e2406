package io.kvmctl.probe;

import io.kvmctl.kvm.Capability;
import io.kvmctl.kvm.Kvm;
import io.kvmctl.kvm.KvmException;
import io.kvmctl.kvm.KvmVm;
import io.kvmctl.kvm.MemoryRegion;
import io.kvmctl.kvm.Regs;
import io.kvmctl.kvm.Sregs;
import io.kvmctl.kvm.Vcpu;
import io.kvmctl.kvm.VcpuExit;

/**
 * The probe's guest: a few bytes of 16-bit real-mode code that exercise every exit kvmctl decodes, run on one vCPU.
 * Each exit is checked against what the code must produce; the first mismatch ends the run with a description.
 */
public final class ProbeGuest {
    /** Port the guest writes its signature and answers to (the Bochs/QEMU debug port, harmless anywhere). */
    static final int SIGNATURE_PORT = 0xE9;
    /** Port of the timing loop. */
    static final int LOOP_PORT = 0xEA;
    /** An address no memory slot backs, so accesses exit to user space as MMIO. */
    static final int MMIO_ADDRESS = 0x8000;

    static final byte IN_ANSWER = 0x2A;
    static final byte MMIO_WRITTEN = (byte) 0xA5;
    static final byte MMIO_ANSWER = 0x3C;
    static final int CODE_ADDRESS = 0x1000;
    static final int MEMORY_SIZE = 0x4000;
    public static final int DEFAULT_LOOP_EXITS = 5000;
    /** Where Intel VMX without unrestricted guest keeps its real-mode TSS (QEMU's choice): above guest RAM. */
    private static final long TSS_ADDRESS = 0xFFFB_D000L;

    /** The machine code, loaded at {@link #CODE_ADDRESS} with CS base 0; the loop count is patched in. */
    static byte[] code(int loopExits) {
        return new byte[] {
            (byte) 0xB0,
            'K', // mov al, 'K'
            (byte) 0xE6,
            (byte) SIGNATURE_PORT, // out 0xe9, al       -> exit: OUT 'K'
            (byte) 0xB0,
            'V', // mov al, 'V'
            (byte) 0xE6,
            (byte) SIGNATURE_PORT, // out 0xe9, al       -> exit: OUT 'V'
            (byte) 0xB0,
            'M', // mov al, 'M'
            (byte) 0xE6,
            (byte) SIGNATURE_PORT, // out 0xe9, al       -> exit: OUT 'M'
            (byte) 0xE4,
            (byte) SIGNATURE_PORT, // in al, 0xe9        -> exit: IN, we answer 0x2a
            0x04,
            0x01, // add al, 1
            (byte) 0xE6,
            (byte) SIGNATURE_PORT, // out 0xe9, al       -> exit: OUT 0x2b (IN worked)
            (byte) 0xC6,
            0x06,
            0x00,
            (byte) 0x80,
            MMIO_WRITTEN, // mov byte [0x8000], 0xa5 -> exit: MMIO write
            (byte) 0xA0,
            0x00,
            (byte) 0x80, // mov al, [0x8000]   -> exit: MMIO read, we answer 0x3c
            (byte) 0xE6,
            (byte) SIGNATURE_PORT, // out 0xe9, al       -> exit: OUT 0x3c (read worked)
            (byte) 0xB9,
            (byte) loopExits,
            (byte) (loopExits >>> 8), // mov cx, loopExits
            (byte) 0xE6,
            (byte) LOOP_PORT, // again: out 0xea, al -> exit, loopExits times
            (byte) 0xE2,
            (byte) 0xFC, // loop again (cx -= 1; jump back 4 bytes while cx != 0)
            (byte) 0xF4, // hlt                -> exit: HLT
        };
    }

    /** What the run measured; {@code failure} is null when every exit was as expected. */
    public record Result(int exits, long createVmToHltNanos, long loopExitNanos, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    private ProbeGuest() {}

    /** Creates a VM on {@code kvm}, runs the guest to HLT and checks each exit. */
    public static Result run(Kvm kvm, int loopExits) throws KvmException {
        if (loopExits < 1 || loopExits > 0xFFFF) {
            throw new IllegalArgumentException("loop exits must be 1..65535 (the guest counts in CX)");
        }
        long start = System.nanoTime();
        try (KvmVm vm = kvm.createVm()) {
            if (kvm.checkExtension(Capability.SET_TSS_ADDR) > 0) {
                vm.setTssAddress(TSS_ADDRESS);
            }
            MemoryRegion ram = vm.addMemory(0, 0, MEMORY_SIZE);
            ram.write(CODE_ADDRESS, code(loopExits));
            Vcpu vcpu = vm.createVcpu(0);
            Sregs sregs = vcpu.sregs();
            vcpu.setSregs(sregs.withCs(sregs.cs().withBaseAndSelector(0, 0)));
            vcpu.setRegs(Regs.initial().withRip(CODE_ADDRESS));
            return new Checker(vcpu, loopExits, start).run();
        }
    }

    /** Walks the expected exit sequence. */
    private static final class Checker {
        private final Vcpu vcpu;
        private final int loopExits;
        private final long start;
        private int exits;

        Checker(Vcpu vcpu, int loopExits, long start) {
            this.vcpu = vcpu;
            this.loopExits = loopExits;
            this.start = start;
        }

        Result run() throws KvmException {
            for (byte b : new byte[] {'K', 'V', 'M'}) {
                String f = expectOut(SIGNATURE_PORT, b);
                if (f != null) {
                    return failed(f);
                }
            }
            VcpuExit exit = next();
            if (!(exit instanceof VcpuExit.Io io
                    && io.direction() == VcpuExit.Direction.IN
                    && io.port() == SIGNATURE_PORT
                    && io.size() == 1
                    && io.count() == 1)) {
                return failed("expected IN from port 0xe9, got " + describe(exit));
            }
            io.answer(IN_ANSWER);
            String f = expectOut(SIGNATURE_PORT, (byte) (IN_ANSWER + 1));
            if (f != null) {
                return failed(f + " (the guest should add 1 to the byte it read)");
            }
            exit = next();
            if (!(exit instanceof VcpuExit.Mmio w
                    && w.isWrite()
                    && w.address() == MMIO_ADDRESS
                    && w.length() == 1
                    && w.bytes()[0] == MMIO_WRITTEN)) {
                return failed("expected MMIO write of 0xa5 at 0x8000, got " + describe(exit));
            }
            exit = next();
            if (!(exit instanceof VcpuExit.Mmio r && !r.isWrite() && r.address() == MMIO_ADDRESS && r.length() == 1)) {
                return failed("expected MMIO read of 1 byte at 0x8000, got " + describe(exit));
            }
            r.answer(MMIO_ANSWER);
            f = expectOut(SIGNATURE_PORT, MMIO_ANSWER);
            if (f != null) {
                return failed(f + " (the guest should echo the MMIO read)");
            }
            long loopStart = 0;
            for (int i = 0; i < loopExits; i++) {
                f = expectOut(LOOP_PORT, MMIO_ANSWER);
                if (f != null) {
                    return failed(f + " (loop exit " + (i + 1) + " of " + loopExits + ")");
                }
                if (i == 0) {
                    loopStart = System.nanoTime();
                }
            }
            exit = next();
            long end = System.nanoTime();
            if (!(exit instanceof VcpuExit.Hlt)) {
                return failed("expected HLT, got " + describe(exit));
            }
            // From the first loop exit on, KVM_RUN returned loopExits more times: loopExits - 1 OUTs and the HLT.
            return new Result(exits, end - start, (end - loopStart) / loopExits, null);
        }

        private String expectOut(int port, byte value) throws KvmException {
            VcpuExit exit = next();
            if (exit instanceof VcpuExit.Io io
                    && io.direction() == VcpuExit.Direction.OUT
                    && io.port() == port
                    && io.size() == 1
                    && io.count() == 1
                    && io.data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0) == value) {
                return null;
            }
            return String.format("expected OUT 0x%02x to port 0x%x, got %s", value & 0xFF, port, describe(exit));
        }

        private VcpuExit next() throws KvmException {
            exits++;
            return vcpu.run();
        }

        private Result failed(String why) {
            return new Result(exits, System.nanoTime() - start, 0, "exit " + exits + ": " + why);
        }
    }

    static String describe(VcpuExit exit) {
        return switch (exit) {
            case VcpuExit.Io io ->
                String.format(
                        "%s %s port 0x%x size %d count %d data %s",
                        "I/O", io.direction(), io.port(), io.size(), io.count(), hex(io.bytes()));
            case VcpuExit.Mmio m ->
                String.format(
                        "MMIO %s at 0x%x length %d data %s",
                        m.isWrite() ? "write" : "read", m.address(), m.length(), hex(m.bytes()));
            case VcpuExit.Hlt h -> "HLT";
            case VcpuExit.Shutdown s -> "SHUTDOWN (triple fault)";
            case VcpuExit.FailEntry f ->
                String.format("FAIL_ENTRY (hardware reason 0x%x on cpu %d)", f.hardwareEntryFailureReason(), f.cpu());
            case VcpuExit.KvmInternalError e -> "INTERNAL_ERROR (suberror " + e.suberror() + ")";
            case VcpuExit.Other o -> "exit reason " + o.reason();
        };
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(String.format("%02x", x & 0xFF));
        }
        return b.toString();
    }
}
