package io.kvmctl.cli.json;

import io.kvmctl.migrate.MigrationResult;
import io.kvmctl.migrate.MigrationStats;

/** {@code kvmctl migrate --json} ({@code kvmctl.migrate/1}): how it ended and QEMU's final statistics. */
public record MigrateJson(String name, String outcome, boolean completed, String explanation, StatsJson stats) {
    public static final String KIND = "kvmctl.migrate/1";

    /** QEMU's query-migrate figures; {@code downtime_seconds} is null until QEMU measured it. */
    public record StatsJson(
            String status,
            double totalTimeSeconds,
            Double downtimeSeconds,
            double expectedDowntimeSeconds,
            double setupTimeSeconds,
            long ramTransferredBytes,
            long ramRemainingBytes,
            long ramTotalBytes,
            double mbps,
            long dirtyPagesRate,
            long pageSizeBytes,
            long iteration,
            int cpuThrottlePercent,
            long postcopyRequests,
            String error) {
        static StatsJson of(MigrationStats s) {
            return new StatsJson(
                    s.status(),
                    s.totalTimeMs() / 1000.0,
                    s.downtimeMs() < 0 ? null : s.downtimeMs() / 1000.0,
                    s.expectedDowntimeMs() / 1000.0,
                    s.setupTimeMs() / 1000.0,
                    s.ramTransferred(),
                    s.ramRemaining(),
                    s.ramTotal(),
                    s.mbps(),
                    s.dirtyPagesRate(),
                    s.pageSize(),
                    s.iteration(),
                    s.cpuThrottlePercent(),
                    s.postcopyRequests(),
                    s.errorDesc());
        }
    }

    public static MigrateJson of(MigrationResult r) {
        return new MigrateJson(
                r.vmName(),
                r.outcome().name().toLowerCase(java.util.Locale.ROOT),
                r.completed(),
                r.explanation(),
                r.stats() == null ? null : StatsJson.of(r.stats()));
    }
}
