package io.kvmctl.profile;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes, written in profiles with a unit: {@code 512M}, {@code 2G}, {@code 1GiB}, {@code 64KiB}. All units are
 * binary (K = 1024), as in QEMU, so {@code 1G}, {@code 1GB} and {@code 1GiB} are the same; a bare number is refused
 * because "1024" could mean bytes or MiB.
 */
public record Size(long bytes) {
    private static final Pattern SYNTAX = Pattern.compile("([0-9]+)\\s*([KMGT])(?:I?B)?", Pattern.CASE_INSENSITIVE);
    public static final long MIB = 1L << 20;

    public Size {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size: " + bytes);
        }
    }

    public static Size ofMebibytes(long mib) {
        return new Size(Math.multiplyExact(mib, MIB));
    }

    /**
     * Parses {@code 512M}-style text.
     *
     * @throws IllegalArgumentException with a message saying what is accepted
     */
    public static Size parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size; write a whole number with a unit K, M, G or T"
                            + " (binary: 1G = 1024M), e.g. 512M or 2G");
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 40;
        };
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return new Size(n << shift);
    }

    public long mebibytes() {
        return bytes / MIB;
    }

    public boolean isWholeMebibytes() {
        return bytes % MIB == 0;
    }

    /** The shortest exact form with a binary unit: {@code 256M}, {@code 2G}, {@code 1536M}. */
    @Override
    public String toString() {
        String[] units = {"T", "G", "M", "K"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return bytes + "B";
    }
}
