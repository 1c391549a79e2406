package io.kvmctl.cloudinit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The person who ran kvmctl: whose {@code ~/.ssh/*.pub} keys {@code ssh: true} puts into a guest, and whose login
 * name the guest's user gets when the profile names none (as lima and multipass do, so {@code ssh} feels like
 * logging in to one's own machine). Under {@code sudo} that is {@code SUDO_USER}, not root: {@code sudo kvmctl up}
 * is how people run VMs with taps and bridges, and the keys they mean are their own.
 *
 * @param loginName the login name ({@code alice}), or {@code root}
 * @param home      that user's home folder
 */
public record InvokingUser(String loginName, Path home) {
    /** The guest user when the invoking user is root (with no SUDO_USER) or has a name cloud-init cannot create. */
    public static final String FALLBACK_GUEST_USER = "kvmctl";

    // useradd's portable names, as CloudInitSection checks a profile's 'user'
    private static final Pattern GUEST_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    /** The invoking user of this process: SUDO_USER (its home from /etc/passwd) when root under sudo. */
    public static InvokingUser fromEnvironment() {
        String passwd;
        try {
            passwd = Files.readString(Path.of("/etc/passwd"));
        } catch (IOException e) {
            passwd = "";
        }
        return of(
                System.getenv(),
                io.kvmctl.sys.Processes.uid(),
                System.getProperty("user.name"),
                Path.of(System.getProperty("user.home")),
                passwd);
    }

    /** Pure: the environment, uid, this process's user and home, and the text of /etc/passwd. */
    static InvokingUser of(Map<String, String> env, int uid, String userName, Path userHome, String passwd) {
        String sudoUser = env.get("SUDO_USER");
        if (uid == 0 && sudoUser != null && !sudoUser.isBlank() && !sudoUser.equals("root")) {
            Optional<Path> home = homeIn(passwd, sudoUser);
            if (home.isPresent()) {
                return new InvokingUser(sudoUser, home.get());
            }
        }
        return new InvokingUser(userName, userHome);
    }

    /** The user cloud-init makes when the profile names none: the login name, or {@value #FALLBACK_GUEST_USER}. */
    public String defaultGuestUser() {
        return !loginName.equals("root") && GUEST_USER.matcher(loginName).matches() ? loginName : FALLBACK_GUEST_USER;
    }

    /** The user's {@code ~/.ssh}. */
    public Path sshFolder() {
        return home.resolve(".ssh");
    }

    private static Optional<Path> homeIn(String passwd, String user) {
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 7 && f[0].equals(user) && !f[5].isEmpty()) {
                return Optional.of(Path.of(f[5]));
            }
        }
        return Optional.empty();
    }
}
