package io.kvmctl.cli;

import io.kvmctl.stats.VmStats;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What {@code top}'s keys do, apart from the terminal: {@code c}, {@code m} and {@code n} sort by CPU load, memory
 * or name, {@code q} quits; other keys change nothing. Pure, so every key is tested without a terminal.
 *
 * @param sort the column the rows are ordered by
 * @param quit whether {@code q} was pressed
 */
record TopView(Sort sort, boolean quit) {
    /** The orders top offers, each with its key. */
    enum Sort {
        CPU('c'),
        MEMORY('m'),
        NAME('n');

        final char key;

        Sort(char key) {
            this.key = key;
        }

        /** Equal figures fall back to the name, so rows keep their places between frames. */
        Comparator<VmStats> order() {
            Comparator<VmStats> by = switch (this) {
                case CPU -> Comparator.comparingDouble(VmStats::cpuPercent).reversed();
                case MEMORY -> Comparator.comparingLong(VmStats::rssBytes).reversed();
                case NAME -> Comparator.comparing(VmStats::name);
            };
            return by.thenComparing(VmStats::name);
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The busiest VM first, as in top(1). */
    static TopView initial() {
        return new TopView(Sort.CPU, false);
    }

    /** The view after {@code key} (a character read from the terminal; upper case works too). */
    TopView press(int key) {
        int lower = Character.toLowerCase(key);
        if (lower == 'q') {
            return new TopView(sort, true);
        }
        for (Sort s : Sort.values()) {
            if (s.key == lower) {
                return new TopView(s, quit);
            }
        }
        return this;
    }

    /** {@code vms} in this view's order. */
    List<VmStats> order(List<VmStats> vms) {
        return vms.stream().sorted(sort.order()).toList();
    }

    /** The header line's part about sorting and the keys: {@code sort: cpu (c cpu, m memory, n name, q quit)}. */
    String keysLine() {
        StringBuilder keys = new StringBuilder();
        for (Sort s : Sort.values()) {
            keys.append(s.key).append(' ').append(s.label()).append(", ");
        }
        return "sort: " + sort.label() + " (" + keys + "q quit)";
    }
}
