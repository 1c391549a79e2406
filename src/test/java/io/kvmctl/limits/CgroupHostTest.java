package io.kvmctl.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CgroupHostTest {
    /** This project's CI machines: v1 controllers, each in its own hierarchy, and a v2 mount without controllers. */
    static final String HYBRID_MOUNTINFO = """
            30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    static final String HYBRID_SELF = """
            8:pids:/
            4:memory:/process_api/abc
            2:cpuacct:/
            1:cpu:/
            0::/
            """;

    @Test
    void v1ControllersWinOverAV2MountWithoutThemAndNestUnderKvmctlsOwnCgroup() {
        CgroupHost host =
                CgroupHost.parse(HYBRID_MOUNTINFO, HYBRID_SELF, p -> "").orElseThrow();
        assertEquals(CgroupVersion.V1, host.version());
        assertEquals(
                Map.of(
                        "cpu", Path.of("/sys/fs/cgroup/cpu"),
                        "cpuacct", Path.of("/sys/fs/cgroup/cpuacct"),
                        "memory", Path.of("/sys/fs/cgroup/memory/process_api/abc"),
                        "pids", Path.of("/sys/fs/cgroup/pids")),
                host.bases());
    }

    @Test
    void coMountedV1ControllersShareTheirDirectory() {
        String mountinfo = "31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n";
        CgroupHost host = CgroupHost.parse(mountinfo, "3:cpu,cpuacct:/user.slice\n", p -> "")
                .orElseThrow();
        assertEquals(
                Path.of("/sys/fs/cgroup/cpu,cpuacct/user.slice"), host.bases().get("cpu"));
        assertEquals(host.bases().get("cpu"), host.bases().get("cpuacct"));
    }

    @Test
    void aHierarchyMountedFromASubtreeIsReadRelativeToItsRoot() {
        String mountinfo = "31 30 0:28 /ctr /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
        CgroupHost host =
                CgroupHost.parse(mountinfo, "4:memory:/ctr/job\n", p -> "").orElseThrow();
        assertEquals(Path.of("/sys/fs/cgroup/memory/job"), host.bases().get("memory"));
    }

    @Test
    void pureV2UsesTheTopWithTheControllersItOffers() {
        String mountinfo = "26 22 0:23 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n";
        CgroupHost host = CgroupHost.parse(mountinfo, "0::/user.slice/session-1.scope\n", p -> {
                    assertEquals(Path.of("/sys/fs/cgroup"), p);
                    return "cpuset cpu io memory pids\n";
                })
                .orElseThrow();
        assertEquals(CgroupVersion.V2, host.version());
        assertEquals(
                Map.of(
                        "cpu", Path.of("/sys/fs/cgroup"),
                        "memory", Path.of("/sys/fs/cgroup"),
                        "pids", Path.of("/sys/fs/cgroup")),
                host.bases());
    }

    @Test
    void noUsableHierarchyIsNoHost() {
        assertTrue(CgroupHost.parse("40 30 0:37 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n", "0::/\n", p -> "")
                .isEmpty());
        assertTrue(CgroupHost.parse("", "", p -> "").isEmpty());
    }

    @Test
    void escapedSpacesInMountPointsAreRead() {
        String mountinfo = "31 30 0:28 / /mnt/cg\\040v1 rw - cgroup cgroup rw,pids\n";
        assertEquals(
                Path.of("/mnt/cg v1"),
                CgroupHost.parse(mountinfo, "8:pids:/\n", p -> "")
                        .orElseThrow()
                        .bases()
                        .get("pids"));
    }
}
