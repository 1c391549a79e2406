package io.kvmctl.migrate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the user asked of a migration.
 *
 * @param maxBandwidth bytes per second; empty = no limit (kvmctl lifts QEMU's own 128 MiB/s default)
 * @param downtimeLimit the longest pause QEMU may plan for the final switch-over; empty = kvmctl's default: aim for
 *     {@link #DEFAULT_DOWNTIME}, and relax to QEMU's own {@link #RELAXED_DOWNTIME} when the guest dirties RAM too
 *     fast to converge at that within {@code maxIterations} passes
 * @param multifdChannels parallel connections for RAM; empty = one stream
 * @param autoConverge let QEMU throttle the guest's vCPUs when RAM is dirtied faster than it is sent
 * @param postcopy allow a switch to postcopy (the destination runs and pulls missing pages)
 * @param postcopyAfter switch after this many RAM passes; empty = only when it does not converge (or is asked)
 * @param xbzrle send deltas of re-dirtied pages
 * @param compress compress pages (QEMU's {@code compress} capability, or zlib over multifd where that is gone)
 * @param tlsCredsDir a directory with QEMU's x509 files (ca-cert.pem, server-*.pem, client-*.pem); empty = clear
 * @param maxIterations RAM passes after which a migration that does not converge is switched or cancelled
 * @param stallTimeout how long no byte may move before the connection is taken as lost and the migration cancelled
 */
public record MigrationOptions(
        OptionalLong maxBandwidth,
        Optional<Duration> downtimeLimit,
        OptionalInt multifdChannels,
        boolean autoConverge,
        boolean postcopy,
        OptionalInt postcopyAfter,
        boolean xbzrle,
        boolean compress,
        Optional<Path> tlsCredsDir,
        int maxIterations,
        Duration stallTimeout) {
    public static final int DEFAULT_MAX_ITERATIONS = 30;
    /**
     * The pause kvmctl plans for when the user names none. QEMU's 300 ms default is for links of the 2010s; at
     * today's rates (hundreds of MiB/s even on loopback under TCG) 50 ms moves several MiB, which is enough for
     * most guests to converge in a few passes.
     */
    public static final Duration DEFAULT_DOWNTIME = Duration.ofMillis(50);
    /** QEMU's own default downtime-limit, which kvmctl falls back to before giving up on convergence. */
    public static final Duration RELAXED_DOWNTIME = Duration.ofMillis(300);

    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(20);

    public MigrationOptions {
        if (maxBandwidth.isPresent() && maxBandwidth.getAsLong() <= 0) {
            throw new IllegalArgumentException("--max-bandwidth must be positive (omit it for no limit)");
        }
        if (multifdChannels.isPresent() && (multifdChannels.getAsInt() < 1 || multifdChannels.getAsInt() > 255)) {
            throw new IllegalArgumentException("--multifd takes 1 to 255 channels, got " + multifdChannels.getAsInt());
        }
        if (postcopyAfter.isPresent() && !postcopy) {
            throw new IllegalArgumentException("--postcopy-after needs --postcopy");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("--max-iterations must be at least 1");
        }
    }

    public static MigrationOptions defaults() {
        return new MigrationOptions(
                OptionalLong.empty(),
                Optional.empty(),
                OptionalInt.empty(),
                false,
                false,
                OptionalInt.empty(),
                false,
                false,
                Optional.empty(),
                DEFAULT_MAX_ITERATIONS,
                DEFAULT_STALL_TIMEOUT);
    }

    public MigrationOptions withMaxBandwidth(long bytesPerSecond) {
        return new MigrationOptions(
                OptionalLong.of(bytesPerSecond),
                downtimeLimit,
                multifdChannels,
                autoConverge,
                postcopy,
                postcopyAfter,
                xbzrle,
                compress,
                tlsCredsDir,
                maxIterations,
                stallTimeout);
    }

    public MigrationOptions withAutoConverge() {
        return new MigrationOptions(
                maxBandwidth,
                downtimeLimit,
                multifdChannels,
                true,
                postcopy,
                postcopyAfter,
                xbzrle,
                compress,
                tlsCredsDir,
                maxIterations,
                stallTimeout);
    }

    public MigrationOptions withPostcopy(OptionalInt after) {
        return new MigrationOptions(
                maxBandwidth,
                downtimeLimit,
                multifdChannels,
                autoConverge,
                true,
                after,
                xbzrle,
                compress,
                tlsCredsDir,
                maxIterations,
                stallTimeout);
    }

    public MigrationOptions withMultifd(int channels) {
        return new MigrationOptions(
                maxBandwidth,
                downtimeLimit,
                OptionalInt.of(channels),
                autoConverge,
                postcopy,
                postcopyAfter,
                xbzrle,
                compress,
                tlsCredsDir,
                maxIterations,
                stallTimeout);
    }

    public MigrationOptions withMaxIterations(int iterations) {
        return new MigrationOptions(
                maxBandwidth,
                downtimeLimit,
                multifdChannels,
                autoConverge,
                postcopy,
                postcopyAfter,
                xbzrle,
                compress,
                tlsCredsDir,
                iterations,
                stallTimeout);
    }

    public MigrationOptions withStallTimeout(Duration timeout) {
        return new MigrationOptions(
                maxBandwidth,
                downtimeLimit,
                multifdChannels,
                autoConverge,
                postcopy,
                postcopyAfter,
                xbzrle,
                compress,
                tlsCredsDir,
                maxIterations,
                timeout);
    }

    public MigrationOptions withDowntimeLimit(Duration limit) {
        return new MigrationOptions(
                maxBandwidth,
                Optional.of(limit),
                multifdChannels,
                autoConverge,
                postcopy,
                postcopyAfter,
                xbzrle,
                compress,
                tlsCredsDir,
                maxIterations,
                stallTimeout);
    }

    public MigrationOptions withXbzrle() {
        return new MigrationOptions(
                maxBandwidth,
                downtimeLimit,
                multifdChannels,
                autoConverge,
                postcopy,
                postcopyAfter,
                true,
                compress,
                tlsCredsDir,
                maxIterations,
                stallTimeout);
    }

    public MigrationOptions withCompress() {
        return new MigrationOptions(
                maxBandwidth,
                downtimeLimit,
                multifdChannels,
                autoConverge,
                postcopy,
                postcopyAfter,
                xbzrle,
                true,
                tlsCredsDir,
                maxIterations,
                stallTimeout);
    }

    public MigrationOptions withTls(Path credsDir) {
        return new MigrationOptions(
                maxBandwidth,
                downtimeLimit,
                multifdChannels,
                autoConverge,
                postcopy,
                postcopyAfter,
                xbzrle,
                compress,
                Optional.of(credsDir),
                maxIterations,
                stallTimeout);
    }

    /**
     * The options that shape how RAM is copied, as the user wrote them; they have nothing to do when the two QEMUs
     * share the guest's memory.
     */
    public java.util.List<String> ramCopyOptions() {
        java.util.List<String> given = new java.util.ArrayList<>();
        multifdChannels.ifPresent(n -> given.add("--multifd"));
        if (autoConverge) {
            given.add("--auto-converge");
        }
        if (postcopy) {
            given.add("--postcopy");
        }
        if (xbzrle) {
            given.add("--xbzrle");
        }
        if (compress) {
            given.add("--compress");
        }
        return given;
    }

    /** These options without {@link #ramCopyOptions()}: for a migration that copies no RAM. */
    public MigrationOptions withoutRamCopyOptions() {
        return new MigrationOptions(
                maxBandwidth,
                downtimeLimit,
                OptionalInt.empty(),
                false,
                false,
                OptionalInt.empty(),
                false,
                false,
                tlsCredsDir,
                maxIterations,
                stallTimeout);
    }
}
