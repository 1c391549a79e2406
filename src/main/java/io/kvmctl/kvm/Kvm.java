package io.kvmctl.kvm;

import io.kvmctl.sys.Errno;
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
 * The KVM system handle: an open {@code /dev/kvm} (or another device path). Opening it already asks for the API
 * version, so a path that is not a KVM device fails here with "not a KVM device" rather than later.
 */
public final class Kvm implements AutoCloseable {
    public static final String DEFAULT_DEVICE = "/dev/kvm";
    /** Room for the entries KVM_GET_SUPPORTED_CPUID returns; E2BIG makes us retry with twice as many. */
    private static final int INITIAL_CPUID_ENTRIES = 128;

    private static final int MAX_CPUID_ENTRIES = 4096;

    private final String device;
    private final int fd;
    private final int apiVersion;
    private boolean closed;

    private Kvm(String device, int fd, int apiVersion) {
        this.device = device;
        this.fd = fd;
        this.apiVersion = apiVersion;
    }

    /** Opens {@value #DEFAULT_DEVICE}. */
    public static Kvm open() throws KvmException {
        return open(DEFAULT_DEVICE);
    }

    /** Opens {@code device} read-write and checks that it answers KVM_GET_API_VERSION. */
    public static Kvm open(String device) throws KvmException {
        int fd;
        try {
            fd = Libc.open(device, Libc.O_RDWR | Libc.O_CLOEXEC);
        } catch (SysCallException e) {
            throw KvmException.of(e, device);
        }
        try {
            int version = Libc.ioctl(fd, KvmIoctls.KVM_GET_API_VERSION, 0L, "KVM_GET_API_VERSION");
            return new Kvm(device, fd, version);
        } catch (SysCallException e) {
            closeQuietly(fd);
            throw KvmException.of(e, device);
        }
    }

    public String device() {
        return device;
    }

    /** KVM_GET_API_VERSION; 12 on every kernel this code can talk to ({@link KvmIoctls#KVM_API_VERSION}). */
    public int apiVersion() {
        return apiVersion;
    }

    /** KVM_CHECK_EXTENSION on the system fd: 0 when absent, else a positive value (for limits, the limit). */
    public int checkExtension(Capability capability) throws KvmException {
        return checkExtension(capability.number());
    }

    /** KVM_CHECK_EXTENSION by raw {@code KVM_CAP_*} number, for capabilities {@link Capability} does not name. */
    public int checkExtension(int capability) throws KvmException {
        return ioctl(KvmIoctls.KVM_CHECK_EXTENSION, capability, "KVM_CHECK_EXTENSION");
    }

    /** KVM_GET_VCPU_MMAP_SIZE: the bytes to map from a vCPU fd (kvm_run plus the pages after it). */
    public int vcpuMmapSize() throws KvmException {
        return ioctl(KvmIoctls.KVM_GET_VCPU_MMAP_SIZE, 0, "KVM_GET_VCPU_MMAP_SIZE");
    }

    /** KVM_GET_SUPPORTED_CPUID: the CPUID leaves KVM can expose to guests, decoded into named features. */
    public SupportedCpuid supportedCpuid() throws KvmException {
        for (int capacity = INITIAL_CPUID_ENTRIES; ; capacity *= 2) {
            try (Arena arena = Arena.ofConfined()) {
                long entrySize = KvmStructs.KVM_CPUID_ENTRY2.byteSize();
                long header = KvmStructs.KVM_CPUID2.byteSize();
                MemorySegment buffer = arena.allocate(header + capacity * entrySize, 8);
                buffer.set(ValueLayout.JAVA_INT, 0, capacity);
                try {
                    Libc.ioctl(fd, KvmIoctls.KVM_GET_SUPPORTED_CPUID, buffer, "KVM_GET_SUPPORTED_CPUID");
                } catch (SysCallException e) {
                    if (e.errno() == Errno.E2BIG && capacity < MAX_CPUID_ENTRIES) {
                        continue;
                    }
                    throw KvmException.of(e, device);
                }
                int count = buffer.get(ValueLayout.JAVA_INT, 0);
                List<CpuidEntry> entries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    entries.add(CpuidEntry.read(buffer.asSlice(header + i * entrySize, entrySize)));
                }
                return new SupportedCpuid(entries);
            }
        }
    }

    /** KVM_CREATE_VM (default machine type). EBUSY means another hypervisor holds the CPU. */
    public KvmVm createVm() throws KvmException {
        int vmFd = ioctl(KvmIoctls.KVM_CREATE_VM, 0, "KVM_CREATE_VM");
        return new KvmVm(this, vmFd);
    }

    int ioctl(long request, long value, String name) throws KvmException {
        ensureOpen();
        try {
            return Libc.ioctl(fd, request, value, name);
        } catch (SysCallException e) {
            throw KvmException.of(e, device);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(device + " handle is closed");
        }
    }

    /** Closes the system fd; VMs created from it stay valid (the kernel keeps its own references). */
    @Override
    public void close() throws KvmException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Libc.close(fd);
        } catch (SysCallException e) {
            throw KvmException.of(e, device);
        }
    }

    static void closeQuietly(int fd) {
        try {
            Libc.close(fd);
        } catch (SysCallException ignored) {
            // Already failing with a more useful error; a close error would hide it.
        }
    }
}
