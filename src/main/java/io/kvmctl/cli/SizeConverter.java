package io.kvmctl.cli;

import io.kvmctl.profile.Size;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The one syntax of every option that takes a size, the profile's own ({@link Size#parse}): a whole number with K,
 * M, G or T, binary (1G = 1024M). A plain byte count is written with a {@code B} ({@code 4096B}): a bare number
 * stays an error because "1024" could mean bytes or MiB.
 */
final class SizeConverter implements CommandLine.ITypeConverter<Size> {
    @Override
    public Size convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    static Size parse(String value) {
        String t = value.strip();
        if (t.toUpperCase(Locale.ROOT).endsWith("B") && t.length() > 1 && allDigits(t.substring(0, t.length() - 1))) {
            try {
                return new Size(Long.parseLong(t.substring(0, t.length() - 1).strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' is too large", e);
            }
        }
        return Size.parse(value);
    }

    private static boolean allDigits(String s) {
        String t = s.strip();
        return !t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
