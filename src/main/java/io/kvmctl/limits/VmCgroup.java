package io.kvmctl.limits;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One VM's cgroup: on v2 one directory, on v1 one per hierarchy. It is written to the VM's runtime directory at its
 * start ({@link #toText()}), so that {@code down}, the clean-up of a crashed VM and {@code kvmctl limits} find it
 * even after a rename.
 *
 * @param leaves each controller to the VM's directory in its hierarchy (on v1, co-mounted controllers share one)
 */
public record VmCgroup(CgroupVersion version, Map<String, Path> leaves) {
    public VmCgroup {
        leaves = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(leaves));
    }

    /** The distinct directories, each once. */
    public List<Path> directories() {
        return leaves.values().stream().distinct().toList();
    }

    public boolean has(String controller) {
        return leaves.containsKey(controller);
    }

    public Path file(String controller, String name) {
        Path leaf = leaves.get(controller);
        if (leaf == null) {
            throw new IllegalStateException("no " + controller + " controller");
        }
        return leaf.resolve(name);
    }

    /** Where a process is moved in: {@code cgroup.procs} of each directory. */
    public List<Path> procsFiles() {
        return directories().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** {@code v1} then one {@code controller path} line each. */
    public String toText() {
        StringBuilder s = new StringBuilder(version.name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        leaves.forEach((c, p) -> s.append(c).append(' ').append(p).append('\n'));
        return s.toString();
    }

    public static VmCgroup parse(String text) {
        List<String> lines = new ArrayList<>(List.of(text.strip().split("\n")));
        CgroupVersion version =
                CgroupVersion.valueOf(lines.removeFirst().strip().toUpperCase(java.util.Locale.ROOT));
        Map<String, Path> leaves = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split(" ", 2);
            if (f.length != 2 || !f[1].startsWith("/")) {
                throw new IllegalArgumentException("not a cgroup line: " + line);
            }
            leaves.put(f[0], Path.of(f[1]));
        }
        return new VmCgroup(version, leaves);
    }
}
