package io.kvmctl.text;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the closest known name by edit distance when it is close enough to be a typo, or the known
 * name that the typed word begins (for a word cut short). Used for profile keys and QMP command and argument
 * names alike.
 */
public final class Suggestions {
    private Suggestions() {}

    public static Optional<String> closest(String typed, Collection<String> known) {
        String t = normalize(typed);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int bestCommon = -1;
        for (String candidate : known) {
            String c = normalize(candidate);
            int d = distance(t, c);
            // Ties (query-staus: query-status or query-stats?) go to the name that keeps more of what was typed.
            int common = d <= bestDistance ? commonSubsequence(t, c) : 0;
            if (d < bestDistance || (d == bestDistance && common > bestCommon)) {
                best = candidate;
                bestDistance = d;
                bestCommon = common;
            }
        }
        int allowed = Math.max(2, typed.length() / 3);
        if (bestDistance <= allowed) {
            return Optional.ofNullable(best);
        }
        return t.length() < 3
                ? Optional.empty()
                : known.stream().filter(k -> normalize(k).startsWith(t)).findFirst();
    }

    /**
     * QMP mixes {@code query-status} and {@code system_reset}, profiles use {@code on_poweroff}: a dash for an
     * underscore is no typo.
     */
    private static String normalize(String s) {
        return s.replace('_', '-').toLowerCase(Locale.ROOT);
    }

    static int commonSubsequence(String a, String b) {
        int[][] lcs = new int[a.length() + 1][b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                lcs[i][j] = a.charAt(i - 1) == b.charAt(j - 1)
                        ? lcs[i - 1][j - 1] + 1
                        : Math.max(lcs[i - 1][j], lcs[i][j - 1]);
            }
        }
        return lcs[a.length()][b.length()];
    }

    /** Levenshtein distance. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
