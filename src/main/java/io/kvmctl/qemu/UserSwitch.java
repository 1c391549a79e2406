package io.kvmctl.qemu;

import java.util.List;
import java.util.Optional;

/**
 * How a QEMU binary is told to drop root for an unprivileged user once it has opened what it needs: QEMU 9.1 added
 * {@code -run-with user=} and QEMU 10.0 removed {@code -runas}, so which one a binary takes is read from its
 * {@code -help} rather than guessed from a version number (distributions backport).
 */
public enum UserSwitch {
    /** {@code -run-with user=USER} (QEMU 9.1 and later). */
    RUN_WITH,
    /** {@code -runas USER} (QEMU up to 10.0, which removed it). */
    RUNAS;

    /** The switch {@code qemu -help} offers, {@link #RUN_WITH} when both are listed; empty when neither is. */
    public static Optional<UserSwitch> fromHelp(String helpText) {
        boolean runWithUser = false;
        boolean runas = false;
        for (String line : helpText.lines().toList()) {
            if (line.startsWith("-run-with ") && line.contains("user=")) {
                runWithUser = true;
            } else if (line.startsWith("-runas ")) {
                runas = true;
            }
        }
        return runWithUser ? Optional.of(RUN_WITH) : runas ? Optional.of(RUNAS) : Optional.empty();
    }

    /** The arguments that make QEMU switch to {@code user}. */
    public List<String> argv(String user) {
        return switch (this) {
            case RUN_WITH ->
                List.of("-run-with", new QemuOpts().add("user", user).toString());
            case RUNAS -> List.of("-runas", user);
        };
    }
}
