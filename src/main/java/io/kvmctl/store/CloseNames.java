package io.kvmctl.store;

import java.util.Comparator;
import java.util.List;

/**
 * The defined names a mistyped one was probably meant to be: one it starts, or one a few edits away (a swap of two
 * neighbours is one edit, the commonest typo): at most one for names of up to four letters, else two.
 */
final class CloseNames {
    private CloseNames() {}

    static List<String> to(String typed, List<String> known) {
        return known.stream()
                .filter(k -> k.startsWith(typed) || typed.startsWith(k) || distance(typed, k) <= allowed(typed))
                .sorted(Comparator.comparingInt((String k) -> distance(typed, k))
                        .thenComparing(k -> k))
                .limit(3)
                .toList();
    }

    private static int allowed(String typed) {
        return typed.length() <= 4 ? 1 : 2;
    }

    /** Edit distance with swaps of neighbours (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
