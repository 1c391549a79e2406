package io.kvmctl.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Typed wrappers over the libc calls kvmctl needs for devices and memory: open, close, ioctl, mmap, munmap and
 * strerror. Each wrapper checks the C return value and throws {@link SysCallException} with the captured errno,
 * so callers never see a raw {@code -1}. One downcall handle per C signature, each in its own holder class so it is linked the first time it is called
 * (linking costs milliseconds; a short command links only what it calls).
 */
@SuppressWarnings("restricted")
public final class Libc {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_DIRECTORY = 0x10000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_PATH = 0x200000;
    /** memfd_create: close the descriptor on exec (kvmctl hands it to QEMU with an explicit dup2). */
    public static final int MFD_CLOEXEC = 1;

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_NORESERVE = 0x4000;

    /** {@code int open(const char *path, int flags, ...)}: variadic after the flags (the optional mode). */
    private static final class Open {
        static final MethodHandle HANDLE = NativeCalls.withErrno(
                "open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
    }

    private static final class Close {
        static final MethodHandle HANDLE = NativeCalls.withErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /** {@code int ioctl(int fd, unsigned long request, ...)} with a pointer argument. */
    private static final class IoctlPointer {
        static final MethodHandle HANDLE = NativeCalls.withErrno(
                "ioctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
                Linker.Option.firstVariadicArg(2));
    }

    /** The same ioctl with an integer argument (KVM_CHECK_EXTENSION, KVM_CREATE_VCPU, KVM_CREATE_VM). */
    private static final class IoctlValue {
        static final MethodHandle HANDLE = NativeCalls.withErrno(
                "ioctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(2));
    }

    private static final class Mmap {
        static final MethodHandle HANDLE = NativeCalls.withErrno(
                "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    }

    private static final class Munmap {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    }

    private static final class MemfdCreate {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    private static final class Ftruncate {
        static final MethodHandle HANDLE =
                NativeCalls.withErrno("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    }

    private static final class Strerror {
        static final MethodHandle HANDLE = NativeCalls.plain("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    private static final MemorySegment MAP_FAILED = MemorySegment.ofAddress(-1L);

    private Libc() {}

    /** Opens {@code path}; {@code operation} names the call in the error, e.g. {@code "open(/dev/kvm)"}. */
    public static int open(String path, int flags) throws SysCallException {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) Open.HANDLE.invokeExact(NativeCalls.captureState(), arena.allocateFrom(path), flags, 0);
            if (fd < 0) {
                throw new SysCallException("open(" + path + ")", NativeCalls.lastErrno());
            }
            return fd;
        } catch (SysCallException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("open", t);
        }
    }

    /** {@code memfd_create(name, flags)}: an anonymous shared memory file that lives as long as a reference to it. */
    public static int memfdCreate(String name, int flags) throws SysCallException {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) MemfdCreate.HANDLE.invokeExact(NativeCalls.captureState(), arena.allocateFrom(name), flags);
            if (fd < 0) {
                throw new SysCallException("memfd_create(" + name + ")", NativeCalls.lastErrno());
            }
            return fd;
        } catch (SysCallException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("memfd_create", t);
        }
    }

    /** Sets the size of the file {@code fd} refers to. */
    public static void ftruncate(int fd, long length) throws SysCallException {
        int rc;
        try {
            rc = (int) Ftruncate.HANDLE.invokeExact(NativeCalls.captureState(), fd, length);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("ftruncate", t);
        }
        if (rc < 0) {
            throw new SysCallException("ftruncate(" + fd + ", " + length + ")", NativeCalls.lastErrno());
        }
    }

    /** Closes {@code fd}. EINTR is not retried: on Linux the descriptor is released even then. */
    public static void close(int fd) throws SysCallException {
        int rc;
        try {
            rc = (int) Close.HANDLE.invokeExact(NativeCalls.captureState(), fd);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("close", t);
        }
        if (rc < 0 && NativeCalls.lastErrno() != Errno.EINTR) {
            throw new SysCallException("close(" + fd + ")", NativeCalls.lastErrno());
        }
    }

    /**
     * {@code ioctl(fd, request, arg)} with a pointer argument; returns the non-negative result.
     *
     * @param name the request's name for the error message, e.g. {@code "KVM_GET_REGS"}
     */
    public static int ioctl(int fd, long request, MemorySegment arg, String name) throws SysCallException {
        int rc;
        try {
            rc = (int) IoctlPointer.HANDLE.invokeExact(NativeCalls.captureState(), fd, request, arg);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("ioctl", t);
        }
        if (rc < 0) {
            throw new SysCallException(name, NativeCalls.lastErrno());
        }
        return rc;
    }

    /** {@code ioctl(fd, request, value)} with an integer argument; returns the non-negative result. */
    public static int ioctl(int fd, long request, long value, String name) throws SysCallException {
        int rc;
        try {
            rc = (int) IoctlValue.HANDLE.invokeExact(NativeCalls.captureState(), fd, request, value);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("ioctl", t);
        }
        if (rc < 0) {
            throw new SysCallException(name, NativeCalls.lastErrno());
        }
        return rc;
    }

    /**
     * Like {@link #ioctl(int, long, MemorySegment, String)} but returns {@code -errno} instead of throwing, for
     * hot loops (KVM_RUN) where EINTR/EAGAIN are expected and an exception per call would cost.
     */
    public static int ioctlRaw(int fd, long request, MemorySegment arg) {
        int rc;
        try {
            rc = (int) IoctlPointer.HANDLE.invokeExact(NativeCalls.captureState(), fd, request, arg);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("ioctl", t);
        }
        return rc < 0 ? -NativeCalls.lastErrno() : rc;
    }

    /**
     * Maps {@code length} bytes and returns a segment of exactly that size. The caller owns the mapping and
     * releases it with {@link #munmap}.
     */
    public static MemorySegment mmap(long length, int prot, int flags, int fd, long offset, String what)
            throws SysCallException {
        MemorySegment address;
        try {
            address = (MemorySegment) Mmap.HANDLE.invokeExact(
                    NativeCalls.captureState(), MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("mmap", t);
        }
        if (address.equals(MAP_FAILED)) {
            throw new SysCallException("mmap(" + what + ", " + length + " bytes)", NativeCalls.lastErrno());
        }
        return address.reinterpret(length);
    }

    public static void munmap(MemorySegment mapping) throws SysCallException {
        int rc;
        try {
            rc = (int) Munmap.HANDLE.invokeExact(NativeCalls.captureState(), mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("munmap", t);
        }
        if (rc < 0) {
            throw new SysCallException("munmap", NativeCalls.lastErrno());
        }
    }

    /** The C library's text for an errno, e.g. {@code "Permission denied"}. */
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
            return text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw NativeCalls.linkFailure("strerror", t);
        }
    }
}
