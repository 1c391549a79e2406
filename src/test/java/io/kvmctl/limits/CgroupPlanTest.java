package io.kvmctl.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.Size;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan's paths and values, and {@link CgroupFiles} carrying it out on a fake tree in a temporary folder. */
class CgroupPlanTest {
    @TempDir
    Path fs;

    static final Limits ALL = new Limits(
            Optional.of(CpuQuota.parse("150%")), Optional.of(Size.parse("2G")), OptionalLong.of(128), List.of());

    CgroupHost v1() {
        return new CgroupHost(
                CgroupVersion.V1,
                Map.of(
                        "cpu", fs.resolve("cpu"),
                        "cpuacct", fs.resolve("cpuacct"),
                        "memory", fs.resolve("memory/outer"),
                        "pids", fs.resolve("pids")));
    }

    CgroupHost v2() {
        return new CgroupHost(CgroupVersion.V2, Map.of("cpu", fs, "memory", fs, "pids", fs));
    }

    @Test
    void eachVmGetsADirectoryUnderKvmctlNamedForItAndItsRuntimeRoot() {
        VmCgroup a = CgroupPlan.forVm(v2(), "web", Path.of("/run/kvmctl"));
        VmCgroup b = CgroupPlan.forVm(v2(), "web", Path.of("/tmp/test-root/run"));
        Path leaf = a.directories().getFirst();
        assertEquals(fs.resolve("kvmctl"), leaf.getParent());
        assertTrue(leaf.getFileName().toString().matches("web\\.[0-9a-f]{8}"), leaf.toString());
        assertNotEquals(a, b, "two runtime roots never share a cgroup");
        assertEquals(a, CgroupPlan.forVm(v2(), "web", Path.of("/run/kvmctl/../kvmctl")));
    }

    @Test
    void v2WritesCpuMaxMemoryMaxAndPidsMaxAfterEnablingControllers() {
        VmCgroup cg = CgroupPlan.forVm(v2(), "web", Path.of("/r"));
        Path leaf = cg.directories().getFirst();
        assertEquals(
                List.of(
                        new CgroupWrite(fs.resolve("cgroup.subtree_control"), "+cpu +memory +pids"),
                        new CgroupWrite(fs.resolve("kvmctl/cgroup.subtree_control"), "+cpu +memory +pids")),
                sorted(CgroupPlan.enableControllers(cg)));
        assertEquals(
                List.of(
                        new CgroupWrite(leaf.resolve("cpu.max"), "150000 100000"),
                        new CgroupWrite(leaf.resolve("memory.max"), Long.toString(2L << 30)),
                        new CgroupWrite(leaf.resolve("pids.max"), "128")),
                CgroupPlan.limitWrites(cg, ALL));
        assertEquals(List.of(leaf.resolve("cgroup.procs")), cg.procsFiles());
    }

    @Test
    void v1WritesEachControllersFilesInItsOwnHierarchy() {
        VmCgroup cg = CgroupPlan.forVm(v1(), "web", Path.of("/r"));
        String leaf = cg.directories().getFirst().getFileName().toString();
        assertEquals(List.of(), CgroupPlan.enableControllers(cg));
        assertEquals(
                List.of(
                        new CgroupWrite(fs.resolve("cpu/kvmctl/" + leaf + "/cpu.cfs_period_us"), "100000"),
                        new CgroupWrite(fs.resolve("cpu/kvmctl/" + leaf + "/cpu.cfs_quota_us"), "150000"),
                        new CgroupWrite(
                                fs.resolve("memory/outer/kvmctl/" + leaf + "/memory.limit_in_bytes"),
                                Long.toString(2L << 30)),
                        new CgroupWrite(fs.resolve("pids/kvmctl/" + leaf + "/pids.max"), "128")),
                CgroupPlan.limitWrites(cg, ALL));
        assertEquals(4, cg.procsFiles().size(), "QEMU joins every hierarchy: " + cg.procsFiles());
    }

    @Test
    void noLimitIsWrittenAsMaxSoTheSameWritesLiftLimits() {
        VmCgroup v2 = CgroupPlan.forVm(v2(), "web", Path.of("/r"));
        assertEquals(
                List.of("max 100000", "max", "max"),
                CgroupPlan.limitWrites(v2, Limits.NONE).stream()
                        .map(CgroupWrite::value)
                        .toList());
        VmCgroup v1 = CgroupPlan.forVm(v1(), "web", Path.of("/r"));
        assertEquals(
                List.of("100000", "-1", "-1", "max"),
                CgroupPlan.limitWrites(v1, Limits.NONE).stream()
                        .map(CgroupWrite::value)
                        .toList());
    }

    @Test
    void aLimitWithoutItsControllerIsRefusedByName() {
        CgroupHost noPids = new CgroupHost(CgroupVersion.V2, Map.of("cpu", fs, "memory", fs));
        VmCgroup cg = CgroupPlan.forVm(noPids, "web", Path.of("/r"));
        var e = assertThrows(IllegalArgumentException.class, () -> CgroupPlan.limitWrites(cg, ALL));
        assertTrue(e.getMessage().contains("limits.pids needs the cgroup pids controller"), e.getMessage());
    }

    @Test
    void createMakesTheDirectoriesAndWritesTheLimitsOnAFakeV1Tree() throws Exception {
        VmCgroup cg = CgroupPlan.forVm(v1(), "web", Path.of("/r"));
        Files.createDirectories(fs.resolve("memory/outer"));
        for (String h : List.of("cpu", "cpuacct", "pids")) {
            Files.createDirectories(fs.resolve(h));
        }
        CgroupFiles.create(cg, ALL);
        for (Path d : cg.directories()) {
            assertTrue(Files.isDirectory(d), d.toString());
        }
        assertEquals("150000", Files.readString(cg.file("cpu", "cpu.cfs_quota_us")));
        assertEquals(ALL, CgroupFiles.limits(cg), "read back as written");
        // What the kernel writes for "no limit" on v1 reads back as none.
        Files.writeString(cg.file("memory", "memory.limit_in_bytes"), "9223372036854771712\n");
        Files.writeString(cg.file("cpu", "cpu.cfs_quota_us"), "-1\n");
        Files.writeString(cg.file("pids", "pids.max"), "max\n");
        assertEquals(Limits.NONE, CgroupFiles.limits(cg));
    }

    @Test
    void createFailsWithTheFileAndReasonAndLeavesNothingBehind() throws Exception {
        VmCgroup cg = CgroupPlan.forVm(v2(), "web", Path.of("/r"));
        Files.createDirectories(fs.resolve("kvmctl"));
        // A directory where a control file should be: the write fails as a refused kernel write would.
        Files.createDirectories(cg.directories().getFirst().resolve("pids.max"));
        var e = assertThrows(CgroupException.class, () -> CgroupFiles.create(cg, ALL));
        assertTrue(e.getMessage().startsWith("cannot write '128' to " + cg.file("pids", "pids.max")), e.getMessage());
    }

    @Test
    void removeTakesAnEmptyVmDirectoryAndKeepsTheSharedParent() throws Exception {
        VmCgroup cg = CgroupPlan.forVm(v2(), "web", Path.of("/r"));
        Files.createDirectories(cg.directories().getFirst());
        assertEquals(List.of(), CgroupFiles.remove(cg));
        assertFalse(Files.exists(cg.directories().getFirst()));
        assertTrue(Files.isDirectory(fs.resolve("kvmctl")));
        assertEquals(List.of(), CgroupFiles.remove(cg), "removing twice is fine");
    }

    @Test
    void usageReadsV1AndV2CountersInTheirUnits() throws Exception {
        VmCgroup v2 = CgroupPlan.forVm(v2(), "a", Path.of("/r"));
        Path leaf = Files.createDirectories(v2.directories().getFirst());
        Files.writeString(
                leaf.resolve("cpu.stat"),
                "usage_usec 2500000\nuser_usec 1\nsystem_usec 1\nnr_periods 40\nnr_throttled 12\n"
                        + "throttled_usec 750000\n");
        Files.writeString(leaf.resolve("memory.current"), "1048576\n");
        Files.writeString(leaf.resolve("pids.current"), "7\n");
        CgroupUsage u = CgroupFiles.usage(v2);
        assertEquals(new CgroupUsage(Duration.ofMillis(2500), 40L, 12L, Duration.ofMillis(750), 1L << 20, null, 7L), u);

        VmCgroup v1 = CgroupPlan.forVm(v1(), "b", Path.of("/r"));
        Files.createDirectories(v1.file("cpu", "x").getParent());
        Files.createDirectories(v1.file("cpuacct", "x").getParent());
        Files.createDirectories(v1.file("memory", "x").getParent());
        Files.writeString(v1.file("cpu", "cpu.stat"), "nr_periods 5\nnr_throttled 2\nthrottled_time 3000000\n");
        Files.writeString(v1.file("cpuacct", "cpuacct.usage"), "1000000000\n");
        Files.writeString(v1.file("memory", "memory.usage_in_bytes"), "4096\n");
        Files.writeString(v1.file("memory", "memory.max_usage_in_bytes"), "8192\n");
        assertEquals(
                new CgroupUsage(Duration.ofSeconds(1), 5L, 2L, Duration.ofMillis(3), 4096L, 8192L, null),
                CgroupFiles.usage(v1));
    }

    @Test
    void theNoteInTheRuntimeDirectoryReadsBackAsWritten() {
        VmCgroup cg = CgroupPlan.forVm(v1(), "web", Path.of("/r"));
        assertEquals(cg, VmCgroup.parse(cg.toText()));
        assertThrows(IllegalArgumentException.class, () -> VmCgroup.parse("v1\ncpu relative/path\n"));
    }

    private static List<CgroupWrite> sorted(List<CgroupWrite> writes) {
        return writes.stream()
                .sorted(java.util.Comparator.comparing(w -> w.file().toString()))
                .toList();
    }
}
