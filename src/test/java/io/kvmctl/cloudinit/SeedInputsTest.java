package io.kvmctl.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.CloudInitSpec;
import io.kvmctl.profile.CloudInitSpec.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedInputsTest {
    private static final String ALICE_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA alice@laptop";
    private static final String KVMCTL_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB kvmctl@web";

    @TempDir
    Path tmp;

    private static CloudInitSpec spec(
            Optional<Source> userData,
            Optional<String> user,
            Optional<String> password,
            boolean ssh,
            List<Source> keys) {
        return new CloudInitSpec(userData, Optional.empty(), Optional.empty(), user, password, ssh, keys);
    }

    @Test
    void sshTrueCollectsTheInvokingUsersPubFilesAndKvmctlsKey() throws Exception {
        Path ssh = Files.createDirectories(tmp.resolve("home/.ssh"));
        Files.writeString(ssh.resolve("id_ed25519.pub"), ALICE_KEY + "\n");
        Files.writeString(ssh.resolve("id_ed25519"), "PRIVATE - never read\n");
        InvokingUser alice = new InvokingUser("alice", tmp.resolve("home"));
        NoCloudSeed.Input in = SeedInputs.read(
                "web",
                spec(Optional.empty(), Optional.empty(), Optional.empty(), true, List.of()),
                alice,
                Optional.of(KVMCTL_KEY));
        NoCloudSeed.User user = in.user().orElseThrow();
        assertEquals("alice", user.name());
        assertEquals(List.of(ALICE_KEY, KVMCTL_KEY), user.sshKeys());
        assertTrue(user.passwordHash().isEmpty());
    }

    @Test
    void plainPasswordIsHashedAndAHashIsKept() throws Exception {
        InvokingUser root = new InvokingUser("root", tmp);
        NoCloudSeed.User plain = SeedInputs.read(
                        "web",
                        spec(Optional.empty(), Optional.empty(), Optional.of("hunter2"), false, List.of()),
                        root,
                        Optional.empty())
                .user()
                .orElseThrow();
        assertEquals("kvmctl", plain.name());
        assertTrue(plain.passwordHash().orElseThrow().startsWith("$6$"), plain.toString());
        String hash = "$6$saltsalt$abcdefghijklmnop";
        assertEquals(
                Optional.of(hash),
                SeedInputs.read(
                                "web",
                                spec(Optional.empty(), Optional.of("bob"), Optional.of(hash), false, List.of()),
                                root,
                                Optional.empty())
                        .user()
                        .orElseThrow()
                        .passwordHash());
    }

    @Test
    void keyFilesAndUserDataAreReadAtEachCall() throws Exception {
        Path pub = Files.writeString(tmp.resolve("k.pub"), "# comment\n" + ALICE_KEY + "\n");
        Path userData = Files.writeString(tmp.resolve("user-data"), "#cloud-config\npackages: [htop]\n");
        NoCloudSeed.Input in = SeedInputs.read(
                "web",
                spec(
                        Optional.of(new Source.File(userData)),
                        Optional.of("ops"),
                        Optional.empty(),
                        false,
                        List.of(new Source.File(pub))),
                new InvokingUser("alice", tmp),
                Optional.of(KVMCTL_KEY));
        assertEquals(List.of(ALICE_KEY), in.user().orElseThrow().sshKeys(), "kvmctl's key only with ssh: true");
        assertEquals(
                new NoCloudSeed.Document("#cloud-config\npackages: [htop]\n", userData.toString()),
                in.userData().orElseThrow());
        Files.writeString(userData, "#cloud-config\npackages: [vim]\n");
        assertTrue(SeedInputs.read(
                        "web",
                        spec(
                                Optional.of(new Source.File(userData)),
                                Optional.empty(),
                                Optional.empty(),
                                false,
                                List.of()),
                        new InvokingUser("alice", tmp),
                        Optional.empty())
                .userData()
                .orElseThrow()
                .text()
                .contains("vim"));
    }

    @Test
    void aKeyFileGoneSinceTheProfileWasReadIsOneLineNamingIt() {
        Path gone = tmp.resolve("gone.pub");
        SeedException e = assertThrows(
                SeedException.class,
                () -> SeedInputs.read(
                        "web",
                        spec(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                false,
                                List.of(new Source.File(gone))),
                        new InvokingUser("alice", tmp),
                        Optional.empty()));
        assertEquals(
                gone + ": no such file (cloud_init.ssh_authorized_keys); create it or fix the path in the profile",
                e.getMessage());
    }

    @Test
    void anEmptyKeyFileIsRefused() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.pub"), "\n");
        SeedException e = assertThrows(
                SeedException.class,
                () -> SeedInputs.read(
                        "web",
                        spec(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                false,
                                List.of(new Source.File(empty))),
                        new InvokingUser("alice", tmp),
                        Optional.empty()));
        assertTrue(e.getMessage().contains("holds no ssh public key"), e.getMessage());
    }

    @Test
    void noUserShortcutMakesNoUser() throws Exception {
        assertTrue(SeedInputs.read(
                        "web",
                        spec(Optional.empty(), Optional.empty(), Optional.empty(), false, List.of()),
                        new InvokingUser("alice", tmp),
                        Optional.empty())
                .user()
                .isEmpty());
    }
}
