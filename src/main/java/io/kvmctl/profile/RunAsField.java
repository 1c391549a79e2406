package io.kvmctl.profile;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The profile's {@code run_as}: the user QEMU runs as when kvmctl runs as root ({@code root} keeps QEMU root). Only
 * the spelling is checked here; whether the user exists, and whether kvmctl may switch to it, is the launcher's
 * question, asked on the host that starts the VM.
 */
final class RunAsField {
    /** What useradd accepts by default (NAME_REGEX of Debian's adduser), and no longer than 32 characters. */
    static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,30}\\$?");

    private RunAsField() {}

    static Optional<String> read(YamlObject t, Problems problems) {
        Optional<String> user = t.string("run_as");
        if (user.isPresent() && !USER_NAME.matcher(user.get()).matches()) {
            problems.error(
                    "run_as",
                    "'" + user.get() + "' is not a user name",
                    "write a user name such as kvmctl (lower-case letters, digits, '_' or '-'), or root to keep"
                            + " QEMU root");
            return Optional.empty();
        }
        return user;
    }
}
