package io.kvmctl.cli;

import io.kvmctl.text.EditDistance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * "Did you mean" for a mistyped command or option: the candidates within a few edits of what was typed (a swap of
 * two neighbours counts as one edit, as in {@code sttaus}), closest first. Pure.
 */
final class Suggestions {
    private Suggestions() {}

    /** The candidates close enough to {@code typed} to be what was meant, closest first, at most three. */
    static List<String> closest(String typed, Collection<String> candidates) {
        String bare = stripDashes(typed);
        int limit = Math.max(1, Math.min(3, bare.length() / 3));
        record Scored(String name, int distance) {}
        List<Scored> scored = new ArrayList<>();
        for (String candidate : candidates) {
            String other = stripDashes(candidate);
            int d = EditDistance.withSwaps(bare, other);
            boolean prefix = bare.length() >= 2 && other.startsWith(bare);
            if (d <= limit || prefix) {
                scored.add(new Scored(candidate, prefix ? Math.min(d, limit) : d));
            }
        }
        return scored.stream()
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(3)
                .map(Scored::name)
                .toList();
    }

    /** The sentence to append: {@code Did you mean 'list'?} or {@code Did you mean 'a' or 'b'?}; empty for none. */
    static String sentence(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        List<String> quoted = names.stream().map(n -> "'" + n + "'").toList();
        String joined = quoted.size() == 1
                ? quoted.getFirst()
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.getLast();
        return " Did you mean " + joined + "?";
    }

    private static String stripDashes(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '-') {
            i++;
        }
        return s.substring(i);
    }
}
