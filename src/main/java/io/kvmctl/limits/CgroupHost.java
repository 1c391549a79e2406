package io.kvmctl.limits;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where this host's cgroups are, for the controllers kvmctl uses: found in {@code /proc/self/mountinfo} and
 * {@code /proc/self/cgroup} (parsed here, read by {@link CgroupFiles#detectHost()}).
 *
 * <p>On cgroup v1 each controller has its own hierarchy, and the VMs' {@code kvmctl} parent goes under the cgroup
 * kvmctl itself runs in there: a kvmctl confined by an outer cgroup (a container, a CI job, a systemd unit) keeps its
 * VMs inside that confinement. On v2 the parent is at the top of the hierarchy, as libvirt's {@code machine.slice}:
 * v2 forbids controllers below a cgroup that holds processes, which the cgroup kvmctl runs in usually does (and a
 * container sees its own cgroup as the top through its cgroup namespace). When v1 hierarchies carry controllers, v1
 * is used even if a v2 mount exists (a hybrid host, where v2 then has no controllers).
 *
 * @param bases each controller kvmctl uses and found, to the directory under which the {@code kvmctl} parent is
 */
public record CgroupHost(CgroupVersion version, Map<String, Path> bases) {
    /** cpu: the quota and throttled time; cpuacct (v1 only): CPU usage; memory; pids. */
    public static final List<String> CONTROLLERS = List.of("cpu", "cpuacct", "memory", "pids");

    public CgroupHost {
        bases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bases));
    }

    /**
     * The layout from the two /proc files' text; empty when no usable hierarchy is mounted.
     *
     * @param v2Controllers the top v2 cgroup's {@code cgroup.controllers}, read by the caller (given the v2 mount
     *     point) since it is a file, not part of these texts
     */
    public static Optional<CgroupHost> parse(
            String mountinfo, String selfCgroup, java.util.function.Function<Path, String> v2Controllers) {
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path v2Mount = null;
        for (String line : mountinfo.split("\n")) {
            String[] halves = line.split(" - ", 2);
            if (halves.length != 2) {
                continue;
            }
            String[] before = halves[0].split(" ");
            String[] after = halves[1].split(" ");
            if (before.length < 5 || after.length < 3) {
                continue;
            }
            String root = unescape(before[3]);
            Path mountPoint = Path.of(unescape(before[4]));
            if (after[0].equals("cgroup2") && v2Mount == null) {
                v2Mount = mountPoint;
            } else if (after[0].equals("cgroup")) {
                Set<String> options = Set.of(after[2].split(","));
                for (String controller : CONTROLLERS) {
                    if (options.contains(controller) && !v1.containsKey(controller)) {
                        ownCgroup(selfCgroup, controller)
                                .map(own -> within(mountPoint, root, own))
                                .ifPresent(base -> v1.put(controller, base));
                    }
                }
            }
        }
        if (v1.containsKey("cpu") || v1.containsKey("memory") || v1.containsKey("pids")) {
            return Optional.of(new CgroupHost(CgroupVersion.V1, v1));
        }
        if (v2Mount != null) {
            Set<String> available = Set.of(v2Controllers.apply(v2Mount).strip().split("\\s+"));
            Map<String, Path> v2 = new LinkedHashMap<>();
            for (String controller : List.of("cpu", "memory", "pids")) {
                if (available.contains(controller)) {
                    v2.put(controller, v2Mount);
                }
            }
            if (!v2.isEmpty()) {
                return Optional.of(new CgroupHost(CgroupVersion.V2, v2));
            }
        }
        return Optional.empty();
    }

    /** kvmctl's own cgroup path in the v1 hierarchy that has {@code controller} ({@code 4:memory:/a/b}). */
    private static Optional<String> ownCgroup(String selfCgroup, String controller) {
        for (String line : selfCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains(controller)) {
                return Optional.of(f[2].strip());
            }
        }
        return Optional.empty();
    }

    /** The directory of cgroup {@code own} in a hierarchy mounted at {@code mountPoint} from its {@code root}. */
    private static Path within(Path mountPoint, String root, String own) {
        String relative = own;
        if (!root.equals("/") && (own.equals(root) || own.startsWith(root + "/"))) {
            relative = own.substring(root.length());
        }
        relative = relative.replaceFirst("^/+", "");
        return relative.isEmpty() ? mountPoint : mountPoint.resolve(relative);
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\'
                    && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
