package io.kvmctl.vm;

import io.kvmctl.profile.Profile;
import io.kvmctl.qemu.PrivilegeDrop;
import io.kvmctl.sys.Processes;
import java.nio.file.Path;
import java.util.Optional;

/** The host side of {@link QemuRunAs}: who kvmctl is, which users exist, which option the QEMU binary takes. */
public final class QemuPrivileges {
    private QemuPrivileges() {}

    /**
     * The user switch a start of {@code profile} on {@code qemu} puts in the argv, empty when QEMU keeps kvmctl's
     * user; a {@link VmStartException} with the fix when the user cannot be used.
     */
    public static Optional<PrivilegeDrop> forStart(Profile profile, Optional<String> cliRunAs, Path qemu)
            throws VmStartException {
        QemuRunAs decision = QemuRunAs.decide(
                Processes.uid() == 0,
                System.getProperty("user.name"),
                cliRunAs,
                profile.runAs(),
                QemuUserSwitches::userExists);
        Optional<String> user = decision.switchTo();
        if (user.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PrivilegeDrop(user.get(), QemuUserSwitches.of(qemu)));
    }
}
