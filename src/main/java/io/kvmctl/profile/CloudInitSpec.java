package io.kvmctl.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A profile's {@code cloud_init} section: what goes into the VM's NoCloud seed. Documents are kept as given
 * (inline text or a file read when the seed is written), so a changed file is picked up at the next start.
 *
 * @param user     the user cloud-init creates, with sudo; empty means none unless {@code ssh} asks for one
 * @param password that user's password as written in the profile (plain, hashed before the seed is written, or
 *                 already a crypt hash); never printed, see {@link #toString()}
 * @param ssh      whether to add the invoking user's {@code ~/.ssh/*.pub} keys and kvmctl's own key for the VM
 * @param sshAuthorizedKeys keys given in the profile: a key line, or a {@code .pub} file
 */
public record CloudInitSpec(
        Optional<Source> userData,
        Optional<Source> metaData,
        Optional<Source> networkConfig,
        Optional<String> user,
        Optional<String> password,
        boolean ssh,
        List<Source> sshAuthorizedKeys) {
    public CloudInitSpec {
        sshAuthorizedKeys = List.copyOf(sshAuthorizedKeys);
    }

    /** A document or key: written in the profile, or in a file beside it. */
    public sealed interface Source {
        /**
         * Text written in the profile.
         *
         * @param text the document itself (a mapping in the profile is written out as YAML)
         */
        record Inline(String text) implements Source {}

        record File(Path path) implements Source {}
    }

    /** Whether cloud-init is asked to make a user (a name, a password, keys, or {@code ssh: true}). */
    public boolean makesUser() {
        return user.isPresent() || password.isPresent() || ssh || !sshAuthorizedKeys.isEmpty();
    }

    @Override
    public String toString() {
        return "CloudInitSpec[userData=" + userData + ", metaData=" + metaData + ", networkConfig=" + networkConfig
                + ", user=" + user + ", password=" + (password.isPresent() ? "(set)" : "(none)") + ", ssh=" + ssh
                + ", sshAuthorizedKeys=" + sshAuthorizedKeys + "]";
    }
}
