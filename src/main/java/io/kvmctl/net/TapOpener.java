package io.kvmctl.net;

import io.kvmctl.sys.Errno;
import io.kvmctl.sys.Libc;
import io.kvmctl.sys.SysCallException;
import io.kvmctl.sys.TunTap;
import java.io.IOException;
import java.util.Optional;

/**
 * Opens the tap behind one NIC, in kvmctl, so QEMU gets a ready descriptor and needs no CAP_NET_ADMIN:
 * <ul>
 * <li>a named tap that exists is attached to (created by the admin, e.g. {@code ip tuntap add ... user U});</li>
 * <li>a named tap that does not exist, an unnamed one, and the tap of a bridge NIC are created, exclusively
 * ({@code IFF_TUN_EXCL}: a name taken meanwhile fails instead of being shared), brought up, and put on the
 * bridge.</li>
 * </ul>
 * Failures become one line with the fix: bridge missing, tap busy, no permission.
 */
public final class TapOpener {
    /** Name pattern for taps kvmctl names itself; the kernel fills in the number. */
    public static final String AUTO_NAME = "kvmctl%d";

    private TapOpener() {}

    /** An open tap; {@code created} is set when kvmctl made it (and so must remove it). */
    public record OpenTap(int fd, String name, Optional<CreatedTap> created) implements AutoCloseable {
        /** Closes our descriptor (after QEMU got its own copy). Idempotence is the caller's: call once. */
        @Override
        public void close() throws IOException {
            Libc.close(fd);
        }
    }

    /** The tap for a tap NIC: {@code ifname} attached when it exists, else created. */
    public static OpenTap tap(String nicId, Optional<String> ifname) throws IOException {
        if (ifname.isPresent() && HostLinks.exists(ifname.get())) {
            String name = ifname.get();
            if (HostLinks.isBridge(name) || !isTap(name)) {
                throw new NetworkSetupException("NIC " + nicId + ": " + name + " exists but is not a tap; name a"
                        + " tap in 'tap: {ifname: ...}', or use 'bridge: {name: " + name + "}' for a bridge");
            }
            try {
                TunTap.Opened t = TunTap.attach(name);
                return new OpenTap(t.fd(), t.name(), Optional.empty());
            } catch (SysCallException e) {
                throw attachFailure(nicId, name, e);
            }
        }
        return create(nicId, ifname.orElse(AUTO_NAME), null);
    }

    /** A new tap on {@code bridge}. */
    public static OpenTap onBridge(String nicId, String bridge) throws IOException {
        if (!HostLinks.exists(bridge)) {
            throw new NetworkSetupException("NIC " + nicId + ": bridge " + bridge + " does not exist; create it with"
                    + " 'ip link add " + bridge + " type bridge && ip link set " + bridge + " up'");
        }
        if (!HostLinks.isBridge(bridge)) {
            throw new NetworkSetupException("NIC " + nicId + ": " + bridge + " is not a bridge (it is a plain"
                    + " interface); name a bridge, or use 'tap: {ifname: " + bridge + "}' if it is a tap");
        }
        return create(nicId, AUTO_NAME, bridge);
    }

    private static OpenTap create(String nicId, String name, String bridge) throws IOException {
        TunTap.Opened t;
        try {
            t = TunTap.create(name);
        } catch (SysCallException e) {
            throw createFailure(nicId, name, e);
        }
        try {
            if (bridge != null) {
                HostLinks.attachAndUp(t.name(), bridge);
            } else {
                HostLinks.up(t.name());
            }
            int ifindex = HostLinks.ifindex(t.name())
                    .orElseThrow(() -> new IOException("tap " + t.name() + " vanished right after it was created"));
            return new OpenTap(t.fd(), t.name(), Optional.of(new CreatedTap(nicId, t.name(), ifindex, bridge)));
        } catch (IOException | RuntimeException e) {
            // Not persistent: closing our only descriptor removes the tap again.
            try {
                Libc.close(t.fd());
            } catch (SysCallException closing) {
                e.addSuppressed(closing);
            }
            throw new NetworkSetupException(
                    "NIC " + nicId + ": could not set up tap " + t.name()
                            + (bridge == null ? "" : " on bridge " + bridge) + ": " + e.getMessage(),
                    e);
        }
    }

    private static boolean isTap(String name) {
        return java.nio.file.Files.exists(java.nio.file.Path.of("/sys/class/net", name, "tun_flags"));
    }

    private static NetworkSetupException attachFailure(String nicId, String name, SysCallException e) {
        String why = switch (e.errnoName()) {
            case "EBUSY" ->
                "tap " + name + " is busy: another process (another VM's QEMU?) has it open; give this"
                        + " NIC its own tap";
            case "EPERM", "EACCES" ->
                "no permission to use tap " + name + " (it belongs to another user): run"
                        + " kvmctl as its owner or as root, or recreate it for your user with 'ip tuntap del dev "
                        + name
                        + " mode tap && ip tuntap add dev " + name + " mode tap user " + user() + "' (as root)";
            case "EINVAL" -> name + " is a tun (layer 3) device, not a tap; recreate it with 'mode tap'";
            default -> null;
        };
        return why != null ? new NetworkSetupException("NIC " + nicId + ": " + why, e) : openFailure(nicId, e);
    }

    private static NetworkSetupException createFailure(String nicId, String name, SysCallException e) {
        String why = switch (e.errnoName()) {
            case "EPERM", "EACCES" ->
                "no permission to create a tap: that needs CAP_NET_ADMIN. Run kvmctl as root,"
                        + " or have root create a tap for you ('ip tuntap add dev tap0 mode tap user " + user()
                        + "') and use 'tap: {ifname: tap0}'";
            case "EBUSY" -> "interface " + name + " was created by someone else meanwhile; start again";
            default -> null;
        };
        return why != null ? new NetworkSetupException("NIC " + nicId + ": " + why, e) : openFailure(nicId, e);
    }

    private static NetworkSetupException openFailure(String nicId, SysCallException e) {
        if (e.operation().startsWith("open(")) {
            String fix = e.errno() == Errno.ENOENT
                    ? "load the tun module: 'modprobe tun'"
                    : "/dev/net/tun needs read/write access: run kvmctl as root";
            return new NetworkSetupException("NIC " + nicId + ": " + e.getMessage() + "; " + fix, e);
        }
        return new NetworkSetupException("NIC " + nicId + ": " + e.getMessage(), e);
    }

    private static String user() {
        return System.getProperty("user.name", "USER");
    }
}
