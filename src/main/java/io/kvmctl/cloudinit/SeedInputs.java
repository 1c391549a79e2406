package io.kvmctl.cloudinit;

import io.kvmctl.profile.CloudInitSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a profile's {@code cloud_init} section means at one start: its files read now (so a changed user-data file
 * is picked up), ssh keys collected, the password hashed, the guest user chosen. Reads files, writes nothing; the
 * seed itself is {@link NoCloudSeed#image}.
 */
public final class SeedInputs {
    private SeedInputs() {}

    /**
     * The seed's input for VM {@code vmName}.
     *
     * @param invoker      whose {@code ~/.ssh/*.pub} {@code ssh: true} adds, and whose login name is the default user
     * @param kvmctlKey    the public key line of kvmctl's own key for this VM, added with {@code ssh: true}
     */
    public static NoCloudSeed.Input read(
            String vmName, CloudInitSpec spec, InvokingUser invoker, Optional<String> kvmctlKey) throws SeedException {
        Optional<NoCloudSeed.User> user = Optional.empty();
        if (spec.makesUser()) {
            List<String> keys = new ArrayList<>();
            for (CloudInitSpec.Source key : spec.sshAuthorizedKeys()) {
                keys.addAll(keyLines(key));
            }
            if (spec.ssh()) {
                keys.addAll(userKeys(invoker.sshFolder()));
                kvmctlKey.ifPresent(keys::add);
            }
            Optional<String> hash = spec.password().map(p -> Sha512Crypt.isHash(p) ? p : Sha512Crypt.hash(p));
            user = Optional.of(new NoCloudSeed.User(
                    spec.user().orElse(invoker.defaultGuestUser()),
                    hash,
                    keys.stream().distinct().toList()));
        }
        return new NoCloudSeed.Input(
                vmName,
                document(spec.userData(), "cloud_init.user_data"),
                document(spec.metaData(), "cloud_init.meta_data"),
                document(spec.networkConfig(), "cloud_init.network_config"),
                user);
    }

    /** The user the seed makes, for {@code kvmctl ssh}: the profile's or the invoking user's default. */
    public static Optional<String> guestUser(CloudInitSpec spec, InvokingUser invoker) {
        return spec.makesUser() ? Optional.of(spec.user().orElse(invoker.defaultGuestUser())) : Optional.empty();
    }

    private static Optional<NoCloudSeed.Document> document(Optional<CloudInitSpec.Source> source, String field)
            throws SeedException {
        if (source.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                switch (source.get()) {
                    case CloudInitSpec.Source.Inline(String text) -> new NoCloudSeed.Document(text, field);
                    case CloudInitSpec.Source.File(Path file) ->
                        new NoCloudSeed.Document(readText(file, field), file.toString());
                });
    }

    private static List<String> keyLines(CloudInitSpec.Source key) throws SeedException {
        return switch (key) {
            case CloudInitSpec.Source.Inline(String line) -> List.of(line.strip());
            case CloudInitSpec.Source.File(Path file) -> {
                List<String> lines = lines(readText(file, "cloud_init.ssh_authorized_keys"));
                if (lines.isEmpty()) {
                    throw new SeedException(file + ": holds no ssh public key (cloud_init.ssh_authorized_keys); "
                            + "give a .pub file ssh-keygen wrote, or paste the key line itself");
                }
                yield lines;
            }
        };
    }

    /** The user's own public keys, sorted by file name so the seed is the same at each start. */
    private static List<String> userKeys(Path sshFolder) throws SeedException {
        if (!Files.isDirectory(sshFolder)) {
            return List.of(); // kvmctl's own key still gives access
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> pubs = Files.newDirectoryStream(sshFolder, "*.pub")) {
            pubs.forEach(files::add);
        } catch (IOException e) {
            throw new SeedException(sshFolder + ": cannot list the ssh keys for cloud_init.ssh: " + e.getMessage()
                    + "; make the folder readable or list keys under cloud_init.ssh_authorized_keys");
        }
        files.sort(null);
        List<String> keys = new ArrayList<>();
        for (Path file : files) {
            keys.addAll(lines(readText(file, "cloud_init.ssh (the invoking user's ~/.ssh/*.pub)")));
        }
        return keys;
    }

    private static List<String> lines(String text) {
        return text.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }

    private static String readText(Path file, String field) throws SeedException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SeedException(file + ": no such file (" + field + "); create it or fix the path in the profile");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new SeedException(file + ": not UTF-8 text (" + field + "); cloud-init reads UTF-8: convert it");
        } catch (IOException e) {
            throw new SeedException(file + ": cannot read it (" + field + "): " + e.getMessage()
                    + "; make it readable by the user running kvmctl");
        }
    }
}
