package io.kvmctl.store;

import io.kvmctl.text.EditDistance;
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
                .filter(k -> k.startsWith(typed)
                        || typed.startsWith(k)
                        || EditDistance.withSwaps(typed, k) <= allowed(typed))
                .sorted(Comparator.comparingInt((String k) -> EditDistance.withSwaps(typed, k))
                        .thenComparing(k -> k))
                .limit(3)
                .toList();
    }

    private static int allowed(String typed) {
        return typed.length() <= 4 ? 1 : 2;
    }
}
