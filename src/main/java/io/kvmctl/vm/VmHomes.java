package io.kvmctl.vm;

import io.kvmctl.files.PrivateFolders;
import io.kvmctl.sys.Processes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where what a VM keeps between runs lives (its UEFI variables, TPM state, the ssh key kvmctl made for it, the
 * profile and disk of a created VM): one folder per VM name under {@code $KVMCTL_DATA_DIR}, else
 * {@code /var/lib/kvmctl/vms} for root, else {@code $XDG_DATA_HOME/kvmctl/vms}, else
 * {@code ~/.local/share/kvmctl/vms} (the XDG base directory spec's place for user data); with only
 * {@code $KVMCTL_STORE_DIR} set, the home is the VM's folder in that store, beside its definition. Unlike the runtime
 * directory, which goes at {@code down}, a home stays until the VM is deleted. Folders are 0700 and the user's:
 * a home holds a private key and the firmware's secrets.
 */
public record VmHomes(Path path) {
    public static final String ENV = "KVMCTL_DATA_DIR";
    /** The defined-VM store's root ({@code io.kvmctl.store.VmStore}): when set, each home is the VM's store folder. */
    public static final String STORE_ENV = "KVMCTL_STORE_DIR";

    /** The homes chosen from the environment of this process. */
    public static VmHomes fromEnvironment() {
        return fromEnvironment(System.getenv(), Processes.uid());
    }

    static VmHomes fromEnvironment(Map<String, String> env, int uid) {
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) {
            return new VmHomes(Path.of(explicit).toAbsolutePath().resolve("vms"));
        }
        String store = env.get(STORE_ENV);
        if (store != null && !store.isBlank()) {
            return new VmHomes(Path.of(store).toAbsolutePath()); // one root for definitions and data
        }
        if (uid == 0) {
            return new VmHomes(Path.of("/var/lib/kvmctl/vms"));
        }
        String data = env.get("XDG_DATA_HOME");
        if (data != null && !data.isBlank() && Path.of(data).isAbsolute()) { // the spec ignores relative ones
            return new VmHomes(Path.of(data, "kvmctl", "vms"));
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new VmHomes(Path.of(home, ".local", "share", "kvmctl", "vms"));
    }

    /** The home of VM {@code name} (which may not exist). */
    public Path of(String name) {
        return path.resolve(VmNames.requireValid(name));
    }

    /** Creates the homes folder and VM {@code name}'s when missing; refuses ones that others can enter. */
    public Path ensure(String name) throws IOException {
        PrivateFolders.ensure(ENV, path, of(name));
        return of(name);
    }
}
