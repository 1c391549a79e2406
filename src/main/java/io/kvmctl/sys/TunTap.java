package io.kvmctl.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/**
 * Tap devices through {@code /dev/net/tun}: {@code TUNSETIFF} creates a tap (or attaches to an existing persistent
 * one) and binds it to the open descriptor, which kvmctl then hands to QEMU. A tap created here is not persistent:
 * the kernel removes it when the last descriptor on it closes, i.e. when QEMU exits, whatever way it exits.
 */
@SuppressWarnings("restricted")
public final class TunTap {
    /** {@code IFNAMSIZ}, including the terminating NUL. */
    public static final int IFNAMSIZ = 16;

    static final short IFF_TAP = 0x0002;
    static final short IFF_NO_PI = 0x1000;
    /** virtio-net headers on the fd: QEMU's virtio-net passes offloads through them, and vhost-net needs them. */
    static final short IFF_VNET_HDR = 0x4000;
    /** Refuse (EBUSY) instead of attaching when the name exists: creation without a check-then-create race. */
    static final short IFF_TUN_EXCL = (short) 0x8000;

    /**
     * {@snippet lang=c :
     * struct ifreq { char ifr_name[IFNAMSIZ]; union { short ifr_flags; ... 24 bytes } ifr_ifru; };
     * }
     */
    static final StructLayout IFREQ = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(IFNAMSIZ, JAVA_BYTE).withName("ifr_name"),
            JAVA_SHORT.withName("ifr_flags"),
            MemoryLayout.paddingLayout(22));

    /** {@code TUNSETIFF _IOW('T', 202, int)} of {@code <linux/if_tun.h>}. */
    public static final long TUNSETIFF = Ioctl._IOW('T', 202, 4);

    private TunTap() {}

    /** An open tap: our descriptor and the interface name the kernel confirmed. */
    public record Opened(int fd, String name) {}

    /**
     * Creates a new tap named {@code nameOrPattern} (a {@code %d} in it lets the kernel number it) and fails with
     * EBUSY if that name exists. Needs CAP_NET_ADMIN.
     */
    public static Opened create(String nameOrPattern) throws SysCallException {
        return open(nameOrPattern, (short) (IFF_TAP | IFF_NO_PI | IFF_VNET_HDR | IFF_TUN_EXCL));
    }

    /**
     * Attaches to the existing tap {@code name}: EBUSY when another process has it open (a tap without multi-queue
     * takes one), EPERM when it belongs to another user and we lack CAP_NET_ADMIN. Creates it when it does not exist
     * (then it is not persistent either).
     */
    public static Opened attach(String name) throws SysCallException {
        return open(name, (short) (IFF_TAP | IFF_NO_PI | IFF_VNET_HDR));
    }

    private static Opened open(String name, short flags) throws SysCallException {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length == 0 || bytes.length >= IFNAMSIZ) {
            throw new IllegalArgumentException(
                    "interface name '" + name + "' must have 1-" + (IFNAMSIZ - 1) + " characters");
        }
        int fd = Libc.open("/dev/net/tun", Libc.O_RDWR | Libc.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment req = arena.allocate(IFREQ);
            MemorySegment.copy(bytes, 0, req, JAVA_BYTE, 0, bytes.length);
            req.set(JAVA_SHORT, IFREQ.byteOffset(MemoryLayout.PathElement.groupElement("ifr_flags")), flags);
            Libc.ioctl(fd, TUNSETIFF, req, "TUNSETIFF(" + name + ")");
            return new Opened(fd, req.getString(0, StandardCharsets.US_ASCII));
        } catch (SysCallException | RuntimeException e) {
            try {
                Libc.close(fd);
            } catch (SysCallException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }
}
