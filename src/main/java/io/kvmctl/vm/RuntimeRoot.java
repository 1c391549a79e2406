package io.kvmctl.vm;

import io.kvmctl.files.PrivateFolders;
import io.kvmctl.sys.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The folder under which each VM has its runtime directory: {@code $KVMCTL_RUNTIME_DIR}, else
 * {@code /run/kvmctl} for root, else {@code $XDG_RUNTIME_DIR/kvmctl}, else {@code /tmp/kvmctl-UID}. It and every
 * VM directory are mode 0700 and owned by the user, so no other user reaches the QMP sockets inside.
 */
public record RuntimeRoot(Path path) {
    public static final String ENV = "KVMCTL_RUNTIME_DIR";
    static final Set<PosixFilePermission> OWNER_ONLY = PrivateFolders.OWNER_ONLY;

    /** The root chosen from the environment of this process. */
    public static RuntimeRoot fromEnvironment() {
        return fromEnvironment(System.getenv(), Processes.uid());
    }

    static RuntimeRoot fromEnvironment(Map<String, String> env, int uid) {
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) {
            return new RuntimeRoot(Path.of(explicit).toAbsolutePath());
        }
        if (uid == 0) {
            return new RuntimeRoot(Path.of("/run/kvmctl"));
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            return new RuntimeRoot(Path.of(xdg, "kvmctl"));
        }
        return new RuntimeRoot(Path.of("/tmp", "kvmctl-" + uid));
    }

    /** Creates the root when missing; refuses one that another user owns or others can enter. */
    public RuntimeRoot ensure() throws IOException {
        PrivateFolders.ensure(ENV, path);
        return this;
    }

    /** The runtime directory of VM {@code name} (which may not exist). */
    public VmDirectory vm(String name) {
        return new VmDirectory(path.resolve(VmNames.requireValid(name)));
    }

    /** Names of the VMs that have a runtime directory here, sorted. */
    public List<String> names() throws IOException {
        if (!Files.exists(path)) {
            return List.of();
        }
        if (!Files.isDirectory(path)) { // not "no VMs": the user would never learn the setting is wrong
            throw new IOException(path + " is not a directory; set " + ENV + " to a folder of yours");
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(path)) {
            entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .filter(VmNames::isValid)
                    .forEach(names::add);
        }
        names.sort(null);
        return names;
    }

    /** Fails unless {@code dir} is a real directory owned by us with no access for group or others. */
    static void checkPrivate(Path dir) throws IOException {
        PrivateFolders.check(dir, ENV);
    }
}
