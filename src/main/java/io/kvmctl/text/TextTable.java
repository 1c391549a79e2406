package io.kvmctl.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain text table whose columns are as wide as their widest cell, so a long VM name widens its own column and
 * shifts nothing else out of line. Columns are two spaces apart; numbers can be right-aligned; the last column is
 * not padded, so no line ends in spaces. Pure: it only builds strings.
 */
public final class TextTable {
    private static final String GAP = "  ";

    private final List<String> headers;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    private TextTable(List<String> headers) {
        this.headers = List.copyOf(headers);
        this.right = new boolean[headers.size()];
    }

    public static TextTable withHeaders(String... headers) {
        return new TextTable(Arrays.asList(headers));
    }

    /** Right-aligns the columns at these indexes (counts, sizes, percentages). */
    public TextTable alignRight(int... columns) {
        for (int c : columns) {
            right[c] = true;
        }
        return this;
    }

    /** One row, one cell per header; a null cell shows as {@code -}. */
    public TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "a row of " + cells.length + " cells in a table of " + headers.size() + " columns");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            row.add(c == null ? "-" : c.toString());
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The header line and one line per row, without line ends. */
    public List<String> lines() {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(line(headers, width));
        for (List<String> row : rows) {
            lines.add(line(row, width));
        }
        return lines;
    }

    /** {@link #lines()}, each ended by a newline. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        lines().forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    private String line(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            boolean last = c == cells.size() - 1;
            int pad = width[c] - cell.length();
            if (c > 0) {
                sb.append(GAP);
            }
            if (right[c]) {
                sb.repeat(' ', pad).append(cell);
            } else {
                sb.append(cell);
                if (!last) {
                    sb.repeat(' ', pad);
                }
            }
        }
        // a right-aligned last column never leaves trailing spaces; an empty left one might
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        return sb.substring(0, end);
    }
}
