package io.kvmctl.store;

import io.kvmctl.files.PrivateFolders;
import io.kvmctl.sys.Processes;
import io.kvmctl.vm.VmNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where VM definitions live: one folder per defined VM holding its {@code profile.yaml}, under
 * {@code $KVMCTL_STORE_DIR}, else {@code /etc/kvmctl/vms} for root, else {@code $XDG_CONFIG_HOME/kvmctl/vms}, else
 * {@code ~/.config/kvmctl/vms}. What a VM keeps besides its definition (disks made for it, UEFI variables, keys)
 * lives in its home ({@link io.kvmctl.vm.VmHomes}: {@code /var/lib/kvmctl/vms} for root); with
 * {@code KVMCTL_STORE_DIR} set, both are the same folder, so one root holds everything. Folders are 0700.
 */
public record VmStore(Path path) {
    public static final String ENV = io.kvmctl.vm.VmHomes.STORE_ENV;
    /** The definition's file name inside the VM's folder. */
    public static final String PROFILE = "profile.yaml";

    /** The store chosen from the environment of this process. */
    public static VmStore fromEnvironment() {
        return fromEnvironment(System.getenv(), Processes.uid());
    }

    static VmStore fromEnvironment(Map<String, String> env, int uid) {
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) {
            return new VmStore(Path.of(explicit).toAbsolutePath());
        }
        if (uid == 0) {
            return new VmStore(Path.of("/etc/kvmctl/vms"));
        }
        String config = env.get("XDG_CONFIG_HOME");
        if (config != null && !config.isBlank() && Path.of(config).isAbsolute()) { // the spec ignores relative ones
            return new VmStore(Path.of(config, "kvmctl", "vms"));
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new VmStore(Path.of(home, ".config", "kvmctl", "vms"));
    }

    /** The folder of VM {@code name} (which may not exist). */
    public Path folder(String name) {
        return path.resolve(VmNames.requireValid(name));
    }

    /** The stored profile of VM {@code name} (which may not exist). */
    public Path profile(String name) {
        return folder(name).resolve(PROFILE);
    }

    public boolean isDefined(String name) {
        return VmNames.isValid(name) && Files.isRegularFile(profile(name), LinkOption.NOFOLLOW_LINKS);
    }

    /** The defined VMs' names, sorted. */
    public List<String> names() throws IOException {
        if (!Files.exists(path)) {
            return List.of();
        }
        if (!Files.isDirectory(path)) { // not "no VMs": the user would never learn the setting is wrong
            throw new IOException(path + " is not a directory; set " + ENV + " to a folder of yours");
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(path)) {
            entries.map(p -> p.getFileName().toString()).filter(this::isDefined).forEach(names::add);
        }
        names.sort(null);
        return names;
    }

    /** Creates the store and VM {@code name}'s folder (0700) when missing; refuses folders others can enter. */
    Path ensure(String name) throws IOException {
        PrivateFolders.ensure(ENV, path, folder(name));
        return folder(name);
    }
}
