package io.kvmctl.vm;

import io.kvmctl.cloudinit.InvokingUser;
import io.kvmctl.cloudinit.NoCloudSeed;
import io.kvmctl.cloudinit.SeedException;
import io.kvmctl.cloudinit.SeedInputs;
import io.kvmctl.files.AtomicFile;
import io.kvmctl.profile.CloudInitSpec;
import io.kvmctl.profile.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The NoCloud seed of a start: made from the profile and the files it names at every {@code up}, so a changed
 * profile or user-data file gives a new seed, and written into the runtime directory as {@code cidata.iso}.
 *
 * <p>Why the runtime directory and not the VM's home: the seed is derived data, remade at each start, and goes at
 * {@code down} with the rest of the run; the runtime directory is 0700 and the file 0600. It never holds the plain
 * password, only its SHA-512 crypt hash ({@link io.kvmctl.cloudinit.Sha512Crypt}), so even a copy that leaks (a
 * migrated or archived runtime directory) gives no password away.
 */
final class CloudInitSeeds {
    /** A seed built and checked, not yet written: the image and the user it makes. */
    @SuppressWarnings("ArrayRecordComponent") // passed from prepare() to write() once, never compared or hashed
    record Seed(byte[] image, Optional<String> guestUser) {}

    private CloudInitSeeds() {}

    /**
     * Builds the seed of VM {@code named} before anything of the start is created: bad documents or keys are one
     * line and nothing exists yet. Only a seed that builds makes kvmctl's ssh key (in the VM's home) when asked.
     */
    static Optional<Seed> prepare(Profile named, VmHomes homes, InvokingUser invoker) throws IOException {
        if (named.cloudInit().isEmpty()) {
            return Optional.empty();
        }
        CloudInitSpec spec = named.cloudInit().get();
        try {
            NoCloudSeed.Input input = SeedInputs.read(named.name(), spec, invoker, Optional.empty());
            byte[] image = NoCloudSeed.image(input); // checks the documents
            if (spec.ssh()) {
                String key = VmSshKey.ensure(homes, named.name()).publicKeyLine();
                image = NoCloudSeed.image(withKey(input, key));
            }
            return Optional.of(new Seed(image, SeedInputs.guestUser(spec, invoker)));
        } catch (SeedException e) {
            throw new VmStartException(e.getMessage(), e);
        }
    }

    /** Writes the seed (0600) and the guest user's name into the runtime directory; forgets old host keys. */
    static void write(Seed seed, VmDirectory dir, VmHomes homes) throws IOException {
        AtomicFile.write(dir.seedFile(), "the cloud-init seed of VM " + dir.name(), temp -> {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Files.write(temp, seed.image());
        });
        if (seed.guestUser().isPresent()) {
            AtomicFile.write(
                    dir.guestUserFile(),
                    (seed.guestUser().get() + "\n").getBytes(StandardCharsets.UTF_8),
                    "the cloud-init user of VM " + dir.name());
        }
        Files.deleteIfExists(new VmSshKey(homes.of(dir.name())).knownHosts());
    }

    private static NoCloudSeed.Input withKey(NoCloudSeed.Input input, String key) {
        NoCloudSeed.User user = input.user().orElseThrow(); // ssh: true always makes a user
        List<String> keys = new ArrayList<>(user.sshKeys());
        if (!keys.contains(key)) {
            keys.add(key);
        }
        return new NoCloudSeed.Input(
                input.vmName(),
                input.userData(),
                input.metaData(),
                input.networkConfig(),
                Optional.of(new NoCloudSeed.User(user.name(), user.passwordHash(), keys)));
    }
}
