package io.kvmctl.store;

import io.kvmctl.files.AtomicFile;
import io.kvmctl.sys.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which defined VMs start with the host. A VM's autostart is a marker in its store folder, which
 * {@code kvmctl autostart run} reads (for inits other than systemd), and a systemd unit ({@link AutostartUnit})
 * installed and enabled the way {@code systemctl enable} does it: the unit file in the unit folder and a link in
 * the wanted-by target's {@code .wants} folder. Linking by hand rather than calling systemctl works on a host where
 * systemd is not running now (a container, an image being prepared) and takes effect at the next boot either way;
 * when systemd runs, the caller reloads it.
 */
public final class Autostarts {
    static final String MARKER = "autostart";
    /** Overrides the folder units are installed in (tests, image builders). */
    public static final String UNIT_DIR_ENV = "KVMCTL_SYSTEMD_UNIT_DIR";

    private final VmStore store;
    private final Path unitDir;

    public Autostarts(VmStore store, Path unitDir) {
        this.store = store;
        this.unitDir = unitDir;
    }

    /** System units for root ({@code /etc/systemd/system}), user units for others ({@code ~/.config/systemd/user}). */
    public static Autostarts fromEnvironment(VmStore store) {
        return new Autostarts(store, unitDir(System.getenv(), Processes.uid()));
    }

    static Path unitDir(Map<String, String> env, int uid) {
        String explicit = env.get(UNIT_DIR_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        if (uid == 0) {
            return Path.of("/etc/systemd/system");
        }
        String config = env.get("XDG_CONFIG_HOME");
        if (config != null && !config.isBlank() && Path.of(config).isAbsolute()) {
            return Path.of(config, "systemd", "user");
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config", "systemd", "user");
    }

    public Path unitDir() {
        return unitDir;
    }

    public boolean isOn(String name) {
        return Files.exists(store.folder(name).resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
    }

    /** The defined VMs that autostart, sorted. */
    public List<String> names() throws IOException {
        List<String> on = new ArrayList<>();
        for (String name : store.names()) {
            if (isOn(name)) {
                on.add(name);
            }
        }
        return on;
    }

    /** Installs and enables {@code unit} and marks its VM; returns the unit file. */
    public Path enable(AutostartUnit unit) throws DefinitionException, IOException {
        requireDefined(unit.name());
        Files.createDirectories(unitDir);
        Path file = unitDir.resolve(unit.fileName());
        AtomicFile.write(file, unit.text().getBytes(StandardCharsets.UTF_8), "the unit " + file.getFileName());
        Path wants = Files.createDirectories(unitDir.resolve(unit.wantedBy() + ".wants"));
        Path link = wants.resolve(unit.fileName());
        Files.deleteIfExists(link);
        // Relative, unlike systemctl's: the link stays right when the unit folder is seen from elsewhere (an image
        // root prepared from the host, a container that mounts it at /etc/systemd/system).
        Files.createSymbolicLink(link, wants.relativize(file));
        AtomicFile.write(store.folder(unit.name()).resolve(MARKER), new byte[0], "the autostart marker");
        return file;
    }

    /** Disables and removes the VM's unit and its marker; returns whether it was on. */
    public boolean disable(String name) throws DefinitionException, IOException {
        requireDefined(name);
        boolean was = isOn(name);
        removeUnit(name);
        Files.deleteIfExists(store.folder(name).resolve(MARKER));
        return was;
    }

    /** Removes VM {@code name}'s unit file and its links, defined or not; returns whether there was a unit. */
    public boolean removeUnit(String name) throws IOException {
        String file = "kvmctl-" + name + ".service";
        for (String target : List.of("multi-user.target", "default.target")) {
            Files.deleteIfExists(unitDir.resolve(target + ".wants").resolve(file));
        }
        return Files.deleteIfExists(unitDir.resolve(file));
    }

    private void requireDefined(String name) throws DefinitionException {
        if (!store.isDefined(name)) {
            throw new DefinitionException("no VM named " + name + " is defined: define it first ('kvmctl define"
                    + " PROFILE'), then turn its autostart on");
        }
    }
}
