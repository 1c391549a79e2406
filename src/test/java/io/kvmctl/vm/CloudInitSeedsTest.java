package io.kvmctl.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.cloudinit.InvokingUser;
import io.kvmctl.qemu.Profiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed of a start, without QEMU: built from the profile, kvmctl's key made once, written private. */
class CloudInitSeedsTest {
    @TempDir
    Path tmp;

    private String text(byte[] image) {
        return new String(image, StandardCharsets.ISO_8859_1);
    }

    @Test
    void sshTrueMakesKvmctlsKeyOnceAndPutsItInTheSeedWithoutThePlainPassword() throws Exception {
        VmHomes homes = new VmHomes(tmp.resolve("data/vms"));
        InvokingUser alice = new InvokingUser("alice", tmp.resolve("no-home"));
        var profile = Profiles.parse("name: web\ncloud_init: {ssh: true, password: hunter2-plain}\n");

        CloudInitSeeds.Seed seed = CloudInitSeeds.prepare(profile, homes, alice).orElseThrow();
        VmSshKey key = VmSshKey.existing(homes, "web").orElseThrow();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.privateKey())));
        assertTrue(key.publicKeyLine().endsWith(" kvmctl@web"), key.publicKeyLine());
        assertTrue(text(seed.image()).contains(key.publicKeyLine()));
        assertTrue(text(seed.image()).contains("$6$"), "the hash is written");
        assertFalse(text(seed.image()).contains("hunter2-plain"));
        assertEquals(Optional.of("alice"), seed.guestUser());

        byte[] privateBefore = Files.readAllBytes(key.privateKey());
        CloudInitSeeds.prepare(profile, homes, alice).orElseThrow();
        assertEquals(
                new String(privateBefore, StandardCharsets.UTF_8),
                Files.readString(key.privateKey()),
                "the key is reused at the next start");
    }

    @Test
    void badUserDataIsRefusedBeforeTheHomeOrKeyExists() {
        VmHomes homes = new VmHomes(tmp.resolve("data/vms"));
        var profile = Profiles.parse("name: web\ncloud_init:\n  ssh: true\n  user_data: |\n    #cloud-config\n"
                + "    packages: [htop\n    runcmd: []\n");
        VmStartException e = assertThrows(
                VmStartException.class, () -> CloudInitSeeds.prepare(profile, homes, new InvokingUser("alice", tmp)));
        assertTrue(e.getMessage().startsWith("cloud_init.user_data: not valid YAML at line "), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("data")), "nothing created");
    }

    @Test
    void writesTheSeedPrivatelyWithTheGuestUserAndForgetsOldHostKeys() throws Exception {
        VmHomes homes = new VmHomes(tmp.resolve("data/vms"));
        Path home = homes.ensure("web");
        Files.writeString(home.resolve("known_hosts"), "old\n");
        VmDirectory dir = new VmDirectory(Files.createDirectory(tmp.resolve("web")));
        CloudInitSeeds.write(new CloudInitSeeds.Seed(new byte[] {1, 2}, Optional.of("ops")), dir, homes);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.seedFile())));
        assertEquals("ops\n", Files.readString(dir.guestUserFile()));
        assertFalse(Files.exists(home.resolve("known_hosts")));
    }
}
