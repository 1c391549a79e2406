package io.kvmctl.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.limits.CpuQuota;
import io.kvmctl.limits.DiskThrottle;
import io.kvmctl.limits.Limits;
import io.kvmctl.qemu.Profiles;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LimitsProfileTest {
    @Test
    void readsEveryLimit() {
        Profile p = Profiles.parse("""
                memory: 1G
                disks:
                  - {id: data, file: d.img}
                limits:
                  cpu: 150%
                  memory: 2G
                  pids: 256
                  disks:
                    - {id: data, write_bps: 50M, iops: 1000}
                """);
        assertEquals(
                new Limits(
                        Optional.of(CpuQuota.parse("1.5")),
                        Optional.of(Size.parse("2G")),
                        OptionalLong.of(256),
                        List.of(new DiskThrottle("data", 0, 0, 50L << 20, 1000, 0, 0))),
                p.limits());
    }

    @Test
    void aProfileWithoutLimitsHasNone() {
        assertEquals(Limits.NONE, Profiles.parse("memory: 1G\n").limits());
    }

    @Test
    void aCpuQuotaMayBeANumberOfCpus() {
        assertEquals(
                150_000,
                Profiles.parse("limits: {cpu: 1.5}\n")
                        .limits()
                        .cpu()
                        .orElseThrow()
                        .quotaUsec());
    }

    @Test
    void aMemoryCapBelowTheGuestsMemoryIsRefusedWithTheFix() {
        assertEquals(
                List.of("/p/vm.yaml: limits.memory: 512M is less than the guest's memory (1G): QEMU would be killed as"
                        + " the guest fills its RAM; give at least 1G plus QEMU's own needs (about 128M), or lower"
                        + " 'memory'"),
                messages("memory: 1G\nlimits: {memory: 512M}\n"));
    }

    @Test
    void badLimitsSayWhereAndWhatIsAccepted() {
        List<String> m = messages("""
                disks:
                  - {id: data, file: d.img}
                limits:
                  cpu: lots
                  pids: 3
                  disks:
                    - {id: nosuch, bps: 1M}
                    - {id: data, bps: 1M, read_bps: 2M}
                """);
        assertEquals(4, m.size(), m.toString());
        assertTrue(m.get(0).startsWith("/p/vm.yaml: limits.cpu: 'lots' is not a CPU quota"), m.get(0));
        assertTrue(m.get(1).startsWith("/p/vm.yaml: limits.pids: expected a whole number from 16"), m.get(1));
        assertEquals(
                "/p/vm.yaml: limits.disks[0].id: 'nosuch' is not a disk of this profile; use one of: data", m.get(2));
        assertTrue(m.get(3).contains("exclude each other"), m.get(3));
    }

    private static List<String> messages(String yaml) {
        return Profiles.problems(yaml).problems().stream()
                .map(Problem::toString)
                .toList();
    }
}
