package io.kvmctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.qemu.Profiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudInitProfileTest {
    @Test
    void profileWithoutCloudInitHasNone() {
        assertTrue(Profiles.parse("memory: 256M\n").cloudInit().isEmpty());
    }

    @Test
    void readsTheCloudInitSectionIntoTheProfile() {
        Profile p = Profiles.parse("""
                cloud_init:
                  user: alice
                  password: secret
                  ssh: true
                  ssh_authorized_keys: ["ssh-ed25519 AAAAC3Nza alice@host"]
                  user_data: {packages: [htop]}
                """);
        CloudInitSpec spec = p.cloudInit().orElseThrow();
        assertEquals(Optional.of("alice"), spec.user());
        assertTrue(spec.ssh());
        assertEquals(
                List.of(new CloudInitSpec.Source.Inline("ssh-ed25519 AAAAC3Nza alice@host")), spec.sshAuthorizedKeys());
        assertTrue(spec.userData().orElseThrow() instanceof CloudInitSpec.Source.Inline(String text)
                && text.startsWith("#cloud-config\npackages:"));
        assertFalse(p.toString().contains("secret"), "the password must not show in the profile's text");
    }

    @Test
    void missingKeyFileIsOneProblemNamingThePath() {
        ProfileException e = assertThrows(
                ProfileException.class,
                () -> new ProfileLoader(4, f -> !f.toString().endsWith("gone.pub"))
                        .parse(
                                Path.of("/p/vm.yaml"),
                                "cloud_init:\n  ssh_authorized_keys: [keys/gone.pub]\n",
                                Optional.empty()));
        assertEquals(1, e.errors().size());
        assertTrue(
                e.errors()
                        .getFirst()
                        .toString()
                        .startsWith("/p/vm.yaml: cloud_init.ssh_authorized_keys[0]: no such file: /p/keys/gone.pub"),
                e.errors().getFirst().toString());
    }

    @Test
    void unknownCloudInitKeySuggestsTheClosest() {
        assertEquals(
                "/p/vm.yaml: cloud_init.usr_data: unknown key 'usr_data'; did you mean 'user_data'?",
                Profiles.problems("cloud_init:\n  usr_data: x\n")
                        .problems()
                        .getFirst()
                        .toString());
    }
}
