package io.kvmctl.store;

import java.util.Comparator;
import java.util.List;

/** The defined names a mistyped one was probably meant to be: the same prefix, or at most two edits away. */
final class CloseNames {
    private CloseNames() {}

    static List<String> to(String typed, List<String> known) {
        return known.stream()
                .filter(k -> k.startsWith(typed) || typed.startsWith(k) || distance(typed, k) <= 2)
                .sorted(Comparator.comparingInt((String k) -> distance(typed, k))
                        .thenComparing(k -> k))
                .limit(3)
                .toList();
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
