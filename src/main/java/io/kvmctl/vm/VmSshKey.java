package io.kvmctl.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * kvmctl's own ssh key for one VM, in the VM's home ({@link VmHomes}): made by {@code ssh-keygen} at the first start
 * that asks for it ({@code cloud_init.ssh: true}) and reused at later ones, so a guest whose disk kept the key from
 * an earlier start still lets kvmctl in. Its {@code known_hosts} lives beside it, reset at each start that writes a
 * seed: a fresh overlay gives the guest new host keys, and a stale entry would make ssh refuse them.
 *
 * @param home the VM's home folder
 */
public record VmSshKey(Path home) {
    public static final String KEY_FILE = "id_ed25519";
    private static final long KEYGEN_SECONDS = 30;

    /** The private key (0600, ssh-keygen's own mode for it). */
    public Path privateKey() {
        return home.resolve(KEY_FILE);
    }

    public Path publicKey() {
        return home.resolve(KEY_FILE + ".pub");
    }

    /** The host keys ssh accepted for this VM since its last start. */
    public Path knownHosts() {
        return home.resolve("known_hosts");
    }

    /** The key of VM {@code name} if it was made already. */
    public static Optional<VmSshKey> existing(VmHomes homes, String name) {
        VmSshKey key = new VmSshKey(homes.of(name));
        return Files.isRegularFile(key.privateKey()) ? Optional.of(key) : Optional.empty();
    }

    /** The key of VM {@code name}, made now if missing. */
    public static VmSshKey ensure(VmHomes homes, String name) throws IOException {
        VmSshKey key = new VmSshKey(homes.ensure(name));
        if (!Files.isRegularFile(key.privateKey())) {
            key.generate(name);
        }
        return key;
    }

    /** The public key line ({@code ssh-ed25519 AAAA... kvmctl@NAME}). */
    public String publicKeyLine() throws IOException {
        return Files.readString(publicKey(), StandardCharsets.UTF_8).strip();
    }

    private void generate(String name) throws IOException {
        Files.deleteIfExists(publicKey()); // a half-made pair from a killed start: ssh-keygen would ask to overwrite
        List<String> command = List.of(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "kvmctl@" + name,
                "-f",
                privateKey().toString());
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new VmStartException("cannot run ssh-keygen to make kvmctl's ssh key for VM " + name + " ("
                    + e.getMessage() + "); install openssh-client, or drop cloud_init.ssh from the profile");
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(KEYGEN_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new VmStartException("ssh-keygen did not finish within " + KEYGEN_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while ssh-keygen ran");
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(publicKey())) {
            Files.deleteIfExists(privateKey());
            throw new VmStartException("ssh-keygen failed making " + privateKey() + " (exit " + p.exitValue() + "): "
                    + output.lines().findFirst().orElse(""));
        }
    }
}
