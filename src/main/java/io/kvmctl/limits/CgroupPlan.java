package io.kvmctl.limits;

import io.kvmctl.profile.Size;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a VM's cgroup is on this host and which files its limits become, on v1 and v2: pure, so every path and
 * value is tested on a fake tree ({@link CgroupFiles} does the writing).
 *
 * <table>
 * <caption>Limit files</caption>
 * <tr><th>limit</th><th>v2</th><th>v1</th></tr>
 * <tr><td>cpu</td><td>{@code cpu.max}: {@code QUOTA 100000}</td>
 *     <td>{@code cpu.cfs_period_us} 100000, {@code cpu.cfs_quota_us} QUOTA</td></tr>
 * <tr><td>memory</td><td>{@code memory.max}</td><td>{@code memory.limit_in_bytes}</td></tr>
 * <tr><td>pids</td><td>{@code pids.max}</td><td>{@code pids.max}</td></tr>
 * </table>
 *
 * No limit is written as {@code max} (v1: {@code -1}), so the same writes set and lift limits.
 */
public final class CgroupPlan {
    /** The parent of every VM's cgroup, in each hierarchy. */
    public static final String PARENT = "kvmctl";

    private CgroupPlan() {}

    /**
     * The cgroup of a VM: {@code kvmctl/NAME.ROOTID} in each hierarchy, where ROOTID identifies the runtime root so
     * that two roots (a system one and a user's, or the private roots of tests run side by side) never share a
     * cgroup for VMs of the same name.
     */
    public static VmCgroup forVm(CgroupHost host, String vmName, Path runtimeRoot) {
        String leaf = vmName + "." + rootId(runtimeRoot);
        Map<String, Path> leaves = new LinkedHashMap<>();
        host.bases().forEach((c, base) -> leaves.put(c, base.resolve(PARENT).resolve(leaf)));
        return new VmCgroup(host.version(), leaves);
    }

    /** 8 hex digits of the SHA-256 of the runtime root's path. */
    static String rootId(Path runtimeRoot) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(runtimeRoot
                            .toAbsolutePath()
                            .normalize()
                            .toString()
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The writes that make the VM's directories usable before its limits: on v2, the controllers enabled for the
     * children of the top and of {@code kvmctl} ({@code cgroup.subtree_control}); on v1 nothing (each hierarchy has
     * its controller already).
     */
    public static List<CgroupWrite> enableControllers(VmCgroup cgroup) {
        if (cgroup.version() == CgroupVersion.V1) {
            return List.of();
        }
        String enable = CgroupHost.CONTROLLERS.stream()
                .filter(cgroup::has)
                .map(c -> "+" + c)
                .collect(Collectors.joining(" "));
        Path kvmctl = cgroup.directories().getFirst().getParent();
        return List.of(
                new CgroupWrite(kvmctl.getParent().resolve("cgroup.subtree_control"), enable),
                new CgroupWrite(kvmctl.resolve("cgroup.subtree_control"), enable));
    }

    /**
     * The writes that put {@code limits} in force (and lift what it leaves unset).
     *
     * @throws IllegalArgumentException a limit needs a controller this host does not have (the message names it)
     */
    public static List<CgroupWrite> limitWrites(VmCgroup cgroup, Limits limits) {
        boolean v2 = cgroup.version() == CgroupVersion.V2;
        requireController(cgroup, "cpu", limits.cpu().isPresent(), "cpu");
        requireController(cgroup, "memory", limits.memory().isPresent(), "memory");
        requireController(cgroup, "pids", limits.pids().isPresent(), "pids");
        List<CgroupWrite> writes = new ArrayList<>();
        if (cgroup.has("cpu")) {
            String quota = limits.cpu().map(q -> Long.toString(q.quotaUsec())).orElse(v2 ? "max" : "-1");
            if (v2) {
                writes.add(new CgroupWrite(cgroup.file("cpu", "cpu.max"), quota + " " + CpuQuota.PERIOD_USEC));
            } else {
                writes.add(
                        new CgroupWrite(cgroup.file("cpu", "cpu.cfs_period_us"), Long.toString(CpuQuota.PERIOD_USEC)));
                writes.add(new CgroupWrite(cgroup.file("cpu", "cpu.cfs_quota_us"), quota));
            }
        }
        if (cgroup.has("memory")) {
            String cap = limits.memory().map(Size::bytes).map(String::valueOf).orElse(v2 ? "max" : "-1");
            writes.add(new CgroupWrite(cgroup.file("memory", v2 ? "memory.max" : "memory.limit_in_bytes"), cap));
        }
        if (cgroup.has("pids")) {
            String cap = limits.pids().isPresent() ? Long.toString(limits.pids().getAsLong()) : "max";
            writes.add(new CgroupWrite(cgroup.file("pids", "pids.max"), cap));
        }
        return writes;
    }

    private static void requireController(VmCgroup cgroup, String controller, boolean wanted, String limit) {
        if (wanted && !cgroup.has(controller)) {
            throw new IllegalArgumentException("limits." + limit + " needs the cgroup " + controller
                    + " controller, which this host does not have mounted ("
                    + cgroup.version().name().toLowerCase(java.util.Locale.ROOT) + "); remove limits." + limit
                    + " or enable the controller");
        }
    }
}
