package io.kvmctl.probe;

/** Reserved huge pages from /proc/meminfo: {@code total} and {@code free} pages of {@code sizeKb} each. */
public record HugePages(long total, long free, long sizeKb) {
    public static HugePages parseMeminfo(String text) {
        long total = 0;
        long free = 0;
        long size = 0;
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2) {
                continue;
            }
            switch (parts[0]) {
                case "HugePages_Total:" -> total = parseLong(parts[1]);
                case "HugePages_Free:" -> free = parseLong(parts[1]);
                case "Hugepagesize:" -> size = parseLong(parts[1]);
                default -> {}
            }
        }
        return new HugePages(total, free, size);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
