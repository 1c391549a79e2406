package io.kvmctl.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvokingUserTest {
    private static final String PASSWD =
            "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n";

    @Test
    void rootUnderSudoIsTheSudoUserWithTheHomeFromPasswd() {
        InvokingUser u = InvokingUser.of(Map.of("SUDO_USER", "alice"), 0, "root", Path.of("/root"), PASSWD);
        assertEquals(new InvokingUser("alice", Path.of("/home/alice")), u);
        assertEquals("alice", u.defaultGuestUser());
        assertEquals(Path.of("/home/alice/.ssh"), u.sshFolder());
    }

    @Test
    void plainRootGetsTheFallbackGuestUser() {
        InvokingUser u = InvokingUser.of(Map.of(), 0, "root", Path.of("/root"), PASSWD);
        assertEquals(Path.of("/root"), u.home());
        assertEquals("kvmctl", u.defaultGuestUser());
    }

    @Test
    void sudoUserMissingFromPasswdKeepsRoot() {
        InvokingUser u = InvokingUser.of(Map.of("SUDO_USER", "ghost"), 0, "root", Path.of("/root"), PASSWD);
        assertEquals("root", u.loginName());
    }

    @Test
    void sudoUserIsIgnoredWhenNotRoot() {
        InvokingUser u = InvokingUser.of(Map.of("SUDO_USER", "alice"), 1001, "bob", Path.of("/home/bob"), PASSWD);
        assertEquals(new InvokingUser("bob", Path.of("/home/bob")), u);
        assertEquals("bob", u.defaultGuestUser());
    }

    @Test
    void aLoginNameCloudInitCannotCreateFallsBack() {
        assertEquals("kvmctl", new InvokingUser("Alice.Smith", Path.of("/h")).defaultGuestUser());
    }
}
