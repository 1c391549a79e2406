package io.kvmctl.limits;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CPU-time quota: how much host CPU time QEMU's threads may use per scheduling period, as a share of one CPU
 * ({@code 150%} = one and a half CPUs). Kept in hundredths of a percent so that {@code 12.5%} is exact.
 *
 * @param basisPoints the quota in hundredths of a percent of one CPU: 15000 = 150%
 */
public record CpuQuota(long basisPoints) {
    /** The cgroup period kvmctl writes, the kernel's default (100 ms), as libvirt and Incus leave it. */
    public static final long PERIOD_USEC = 100_000;

    /** The kernel refuses a quota under 1 ms per period. */
    public static final long MIN_BASIS_POINTS = 100;

    /** 1000 CPUs: more than any host this runs on, small enough that the quota fits the kernel's arithmetic. */
    public static final long MAX_BASIS_POINTS = 10_000_000;

    private static final Pattern PERCENT = Pattern.compile("([0-9]+(?:\\.[0-9]{1,2})?)\\s*%");
    private static final Pattern CORES = Pattern.compile("[0-9]+(?:\\.[0-9]{1,4})?");

    public CpuQuota {
        if (basisPoints < MIN_BASIS_POINTS || basisPoints > MAX_BASIS_POINTS) {
            throw new IllegalArgumentException(describe(basisPoints) + " is outside 1% to 100000%");
        }
    }

    /**
     * Parses {@code 150%} (a percentage of one CPU) or {@code 1.5} (a number of CPUs).
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static CpuQuota parse(String text) {
        String s = text.strip();
        BigDecimal basisPoints;
        Matcher percent = PERCENT.matcher(s);
        if (percent.matches()) {
            basisPoints = new BigDecimal(percent.group(1)).movePointRight(2);
        } else if (CORES.matcher(s).matches()) {
            basisPoints = new BigDecimal(s).movePointRight(4);
        } else {
            throw new IllegalArgumentException("'" + text + "' is not a CPU quota; write a percentage of one CPU"
                    + " (150% = one and a half CPUs) or a number of CPUs (1.5)");
        }
        if (basisPoints.compareTo(BigDecimal.valueOf(MIN_BASIS_POINTS)) < 0
                || basisPoints.compareTo(BigDecimal.valueOf(MAX_BASIS_POINTS)) > 0) {
            throw new IllegalArgumentException("CPU quota '" + text + "' is outside 1% to 100000% (0.01 to 1000 CPUs)");
        }
        if (basisPoints.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("CPU quota '" + text + "' is finer than 0.01%; round it");
        }
        return new CpuQuota(basisPoints.longValueExact());
    }

    /** The quota in microseconds per {@link #PERIOD_USEC} (cgroup v2 {@code cpu.max}, v1 {@code cpu.cfs_quota_us}). */
    public long quotaUsec() {
        return basisPoints * PERIOD_USEC / 10_000;
    }

    /** As a share of one CPU: {@code 1.5} for 150%. */
    public double cpus() {
        return basisPoints / 10_000.0;
    }

    /** {@code 150%}, {@code 12.5%}. */
    @Override
    public String toString() {
        return describe(basisPoints);
    }

    private static String describe(long basisPoints) {
        return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "%";
    }
}
