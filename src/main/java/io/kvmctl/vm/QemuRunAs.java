package io.kvmctl.vm;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which user a VM's QEMU runs as, decided before anything of a start is created, so a refusal leaves nothing behind.
 * kvmctl as root starts QEMU as root (it must open /dev/kvm, taps and the disks) and has it switch to an
 * unprivileged user before the guest runs: by default the {@value #DEFAULT_USER} system user, else the profile's
 * {@code run_as} or {@code up --run-as}; {@code root} is the explicit opt-out. kvmctl without root cannot switch
 * users, so QEMU runs as the invoking user, as it always did.
 */
public sealed interface QemuRunAs {
    /** The system user {@code scripts/install-deps} creates for QEMU. */
    String DEFAULT_USER = "kvmctl";

    /** What creates {@value #DEFAULT_USER} as the install step does, for messages. */
    String CREATE_DEFAULT_USER = "useradd --system --user-group --no-create-home --home-dir /nonexistent"
            + " --shell /usr/sbin/nologin " + DEFAULT_USER;

    /** kvmctl is not root: QEMU runs as the same user. */
    record Invoker(String user) implements QemuRunAs {}

    /** kvmctl is root and {@code run_as: root} keeps QEMU root. */
    record Root() implements QemuRunAs {}

    /** kvmctl is root and QEMU switches to {@code user}. */
    record Switch(String user) implements QemuRunAs {}

    /** The user QEMU switches to, empty when it keeps the one it was started as. */
    default Optional<String> switchTo() {
        return this instanceof Switch(var user) ? Optional.of(user) : Optional.empty();
    }

    /**
     * The decision for a start.
     *
     * @param kvmctlIsRoot whether kvmctl runs with uid 0
     * @param invoker the user kvmctl runs as
     * @param cli {@code up --run-as}, which wins over the profile
     * @param profile the profile's {@code run_as}
     * @param userExists whether a user name is known to the host (getpwnam)
     */
    static QemuRunAs decide(
            boolean kvmctlIsRoot,
            String invoker,
            Optional<String> cli,
            Optional<String> profile,
            Predicate<String> userExists)
            throws VmStartException {
        Optional<String> asked = cli.or(() -> profile);
        String where = cli.isPresent() ? "--run-as " : "run_as: ";
        if (!kvmctlIsRoot) {
            if (asked.isEmpty() || asked.get().equals(invoker)) {
                return new Invoker(invoker);
            }
            throw new VmStartException(where + asked.get() + " needs kvmctl to run as root (it runs as " + invoker
                    + ", and QEMU with it); run kvmctl as root, or remove " + where.strip()
                    + " to run QEMU as " + invoker);
        }
        if (asked.isEmpty()) {
            if (!userExists.test(DEFAULT_USER)) {
                throw new VmStartException("QEMU runs as the unprivileged user '" + DEFAULT_USER
                        + "' when kvmctl is root, and this host has no such user; create it with scripts/install-deps"
                        + " or '" + CREATE_DEFAULT_USER + "', or choose another user with run_as: USER in the"
                        + " profile or up --run-as USER (run_as: root keeps QEMU root)");
            }
            return new Switch(DEFAULT_USER);
        }
        if (asked.get().equals("root")) {
            return new Root();
        }
        if (!userExists.test(asked.get())) {
            throw new VmStartException(where + asked.get() + ": this host has no user '" + asked.get()
                    + "'; create it (useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "
                    + asked.get() + ") or name an existing one");
        }
        return new Switch(asked.get());
    }
}
