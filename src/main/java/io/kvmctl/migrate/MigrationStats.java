package io.kvmctl.migrate;

import io.kvmctl.qmp.Replies;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * One {@code query-migrate} answer in the units kvmctl shows. Absent figures are 0 (QEMU leaves out what it has
 * not measured yet), except {@code downtimeMs}, -1 until the migration completed.
 *
 * @param status QEMU's MigrationStatus ({@code setup}, {@code active}, {@code postcopy-active},
 *     {@code completed}, {@code failed}, {@code cancelled}, ...)
 * @param dirtyPagesRate pages dirtied per second during the last pass
 * @param iteration passes over RAM so far ({@code dirty-sync-count})
 * @param mbps QEMU's measured rate in megabits per second
 */
public record MigrationStats(
        String status,
        long totalTimeMs,
        long downtimeMs,
        long expectedDowntimeMs,
        long setupTimeMs,
        long ramTransferred,
        long ramRemaining,
        long ramTotal,
        double mbps,
        long dirtyPagesRate,
        long pageSize,
        long iteration,
        int cpuThrottlePercent,
        long postcopyRequests,
        String errorDesc) {

    public static MigrationStats fromQueryMigrate(JsonNode r) {
        JsonNode ram = r.path("ram");
        return new MigrationStats(
                r.path("status").asString("none"),
                r.path("total-time").asLong(0),
                r.path("downtime").asLong(-1),
                r.path("expected-downtime").asLong(0),
                r.path("setup-time").asLong(0),
                ram.path("transferred").asLong(0),
                ram.path("remaining").asLong(0),
                ram.path("total").asLong(0),
                ram.path("mbps").asDouble(0),
                ram.path("dirty-pages-rate").asLong(0),
                ram.path("page-size").asLong(4096),
                ram.path("dirty-sync-count").asLong(0),
                r.path("cpu-throttle-percentage").asInt(0),
                ram.path("postcopy-requests").asLong(0),
                Replies.stringOr(r.get("error-desc"), null));
    }

    /** Whether QEMU is still moving data (or about to). */
    public boolean inProgress() {
        return switch (status) {
            case "setup",
                    "active",
                    "postcopy-active",
                    "postcopy-paused",
                    "postcopy-recover",
                    "pre-switchover",
                    "device",
                    "wait-unplug",
                    "cancelling" -> true;
            default -> false;
        };
    }

    public boolean inPostcopy() {
        return status.startsWith("postcopy");
    }

    /** Bytes per second dirtied by the guest. */
    public long dirtyBytesPerSecond() {
        return dirtyPagesRate * pageSize;
    }

    /** Bytes per second QEMU sends, from its megabit figure. */
    public long bytesPerSecond() {
        return (long) (mbps * 1_000_000 / 8);
    }

    /** One progress line: {@code active  pass 3  412.0 MiB sent  98.5 MiB left  110.2 MiB/s  dirty 12.0 MiB/s}. */
    public String progressLine() {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "%-15s pass %-3d %s sent, %s left, %s/s",
                status,
                iteration,
                mib(ramTransferred),
                mib(ramRemaining),
                mib(bytesPerSecond())));
        if (dirtyPagesRate > 0) {
            b.append(", dirtied ").append(mib(dirtyBytesPerSecond())).append("/s");
        }
        if (cpuThrottlePercent > 0) {
            b.append(", vCPUs throttled ").append(cpuThrottlePercent).append('%');
        }
        if (postcopyRequests > 0) {
            b.append(", ").append(postcopyRequests).append(" page requests");
        }
        return b.toString();
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
