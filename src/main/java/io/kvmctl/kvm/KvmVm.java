package io.kvmctl.kvm;

import io.kvmctl.sys.KvmIoctls;
import io.kvmctl.sys.KvmStructs;
import io.kvmctl.sys.Libc;
import io.kvmctl.sys.SysCallException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A KVM virtual machine (a VM fd). It owns the guest memory it maps and the vCPUs it creates: {@link #close()}
 * closes the vCPUs, the VM fd and then unmaps the memory, since the kernel may touch guest memory until the VM is
 * gone.
 */
public final class KvmVm implements AutoCloseable {
    private static final long REGION_SLOT = KvmStructs.offset(KvmStructs.KVM_USERSPACE_MEMORY_REGION, "slot");
    private static final long REGION_FLAGS = KvmStructs.offset(KvmStructs.KVM_USERSPACE_MEMORY_REGION, "flags");
    private static final long REGION_GPA = KvmStructs.offset(KvmStructs.KVM_USERSPACE_MEMORY_REGION, "guest_phys_addr");
    private static final long REGION_SIZE = KvmStructs.offset(KvmStructs.KVM_USERSPACE_MEMORY_REGION, "memory_size");
    private static final long REGION_UADDR =
            KvmStructs.offset(KvmStructs.KVM_USERSPACE_MEMORY_REGION, "userspace_addr");
    private static final long PAGE = 4096;

    private final Kvm kvm;
    private final int fd;
    private final List<MemoryRegion> regions = new ArrayList<>();
    private final List<Vcpu> vcpus = new ArrayList<>();
    private boolean closed;

    KvmVm(Kvm kvm, int fd) {
        this.kvm = kvm;
        this.fd = fd;
    }

    /** KVM_CHECK_EXTENSION on the VM fd, which may answer differently from the system fd (e.g. NR_MEMSLOTS). */
    public int checkExtension(Capability capability) throws KvmException {
        return checkExtension(capability.number());
    }

    public int checkExtension(int capability) throws KvmException {
        return ioctl(KvmIoctls.KVM_CHECK_EXTENSION, capability, "KVM_CHECK_EXTENSION");
    }

    /**
     * Maps {@code size} bytes of anonymous memory and gives it to the guest at {@code guestPhysAddress} in memory
     * slot {@code slot} (KVM_SET_USER_MEMORY_REGION). Both must be page-aligned.
     */
    public MemoryRegion addMemory(int slot, long guestPhysAddress, long size) throws KvmException {
        ensureOpen();
        if (size <= 0 || size % PAGE != 0 || guestPhysAddress % PAGE != 0) {
            throw new IllegalArgumentException("guest memory must be page-aligned and non-empty: address 0x"
                    + Long.toHexString(guestPhysAddress) + ", size " + size);
        }
        MemorySegment memory;
        try {
            memory = Libc.mmap(
                    size,
                    Libc.PROT_READ | Libc.PROT_WRITE,
                    Libc.MAP_SHARED | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE,
                    -1,
                    0,
                    "guest memory");
        } catch (SysCallException e) {
            throw KvmException.of(e, kvm.device());
        }
        MemoryRegion region = new MemoryRegion(slot, guestPhysAddress, memory);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = arena.allocate(KvmStructs.KVM_USERSPACE_MEMORY_REGION);
            r.set(ValueLayout.JAVA_INT, REGION_SLOT, slot);
            r.set(ValueLayout.JAVA_INT, REGION_FLAGS, 0);
            r.set(ValueLayout.JAVA_LONG, REGION_GPA, guestPhysAddress);
            r.set(ValueLayout.JAVA_LONG, REGION_SIZE, size);
            r.set(ValueLayout.JAVA_LONG, REGION_UADDR, memory.address());
            Libc.ioctl(fd, KvmIoctls.KVM_SET_USER_MEMORY_REGION, r, "KVM_SET_USER_MEMORY_REGION");
        } catch (SysCallException e) {
            unmapQuietly(memory);
            throw KvmException.of(e, kvm.device());
        }
        regions.add(region);
        return region;
    }

    /** KVM_SET_TSS_ADDR: Intel CPUs without unrestricted-guest support need three pages for real mode. */
    public void setTssAddress(long address) throws KvmException {
        ioctl(KvmIoctls.KVM_SET_TSS_ADDR, address, "KVM_SET_TSS_ADDR");
    }

    /** KVM_CREATE_VCPU with the given id, and maps its kvm_run page. */
    public Vcpu createVcpu(int id) throws KvmException {
        int size = kvm.vcpuMmapSize();
        int vcpuFd = ioctl(KvmIoctls.KVM_CREATE_VCPU, id, "KVM_CREATE_VCPU");
        MemorySegment run;
        try {
            run = Libc.mmap(size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, vcpuFd, 0, "kvm_run");
        } catch (SysCallException e) {
            Kvm.closeQuietly(vcpuFd);
            throw KvmException.of(e, kvm.device());
        }
        Vcpu vcpu = new Vcpu(id, vcpuFd, run, kvm.device());
        vcpus.add(vcpu);
        return vcpu;
    }

    private int ioctl(long request, long value, String name) throws KvmException {
        ensureOpen();
        try {
            return Libc.ioctl(fd, request, value, name);
        } catch (SysCallException e) {
            throw KvmException.of(e, kvm.device());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the VM is closed");
        }
    }

    @Override
    public void close() throws KvmException {
        if (closed) {
            return;
        }
        closed = true;
        KvmException first = null;
        for (Vcpu vcpu : vcpus) {
            try {
                vcpu.close();
            } catch (KvmException e) {
                first = first == null ? e : first;
            }
        }
        try {
            Libc.close(fd);
        } catch (SysCallException e) {
            first = first == null ? KvmException.of(e, kvm.device()) : first;
        }
        for (MemoryRegion region : regions) {
            unmapQuietly(region.memory());
        }
        if (first != null) {
            throw first;
        }
    }

    private static void unmapQuietly(MemorySegment memory) {
        try {
            Libc.munmap(memory);
        } catch (SysCallException ignored) {
            // munmap of a mapping we created only fails on a programming error; nothing useful to do at close.
        }
    }
}
