package io.kvmctl.sys;

/**
 * The Linux ioctl request encoders of {@code <asm-generic/ioctl.h>} (x86 uses the generic layout): a request packs
 * the direction, the argument size, a "type" byte naming the driver and a command number. Written once here so
 * every request number in kvmctl is derived, never copied as a magic constant.
 */
@SuppressWarnings("restricted")
public final class Ioctl {
    static final int NRBITS = 8;
    static final int TYPEBITS = 8;
    static final int SIZEBITS = 14;

    static final int NRSHIFT = 0;
    static final int TYPESHIFT = NRSHIFT + NRBITS;
    static final int SIZESHIFT = TYPESHIFT + TYPEBITS;
    static final int DIRSHIFT = SIZESHIFT + SIZEBITS;

    public static final int IOC_NONE = 0;
    public static final int IOC_WRITE = 1;
    public static final int IOC_READ = 2;

    private Ioctl() {}

    /** {@code _IOC(dir, type, nr, size)}; the size must fit the 14-bit field, as the kernel's macro asserts. */
    public static long _IOC(int dir, int type, int nr, long size) {
        if (size < 0 || size >= (1L << SIZEBITS)) {
            throw new IllegalArgumentException("ioctl argument size " + size + " does not fit 14 bits");
        }
        return ((long) dir << DIRSHIFT) | ((long) type << TYPESHIFT) | ((long) nr << NRSHIFT) | (size << SIZESHIFT);
    }

    /** {@code _IO(type, nr)}: no argument, or an integer passed by value. */
    public static long _IO(int type, int nr) {
        return _IOC(IOC_NONE, type, nr, 0);
    }

    /** {@code _IOR(type, nr, T)}: the kernel writes a {@code T} the caller reads; pass {@code sizeof(T)}. */
    public static long _IOR(int type, int nr, long size) {
        return _IOC(IOC_READ, type, nr, size);
    }

    /** {@code _IOW(type, nr, T)}: the caller passes a {@code T} the kernel reads. */
    public static long _IOW(int type, int nr, long size) {
        return _IOC(IOC_WRITE, type, nr, size);
    }

    /** {@code _IOWR(type, nr, T)}: both ways. */
    public static long _IOWR(int type, int nr, long size) {
        return _IOC(IOC_READ | IOC_WRITE, type, nr, size);
    }
}
