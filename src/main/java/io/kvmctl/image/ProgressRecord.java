package io.kvmctl.image;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One record of {@code qemu-img -p} output: {@code "    (42.17/100%)"}. */
final class ProgressRecord {
    private static final Pattern RECORD = Pattern.compile("\\(\\s*([0-9]+)(?:\\.[0-9]+)?/100%\\)");

    private ProgressRecord() {}

    /** The whole percent, or -1 when the text is not a progress record. */
    static int percent(String text) {
        Matcher m = RECORD.matcher(text);
        return m.find() ? Math.min(100, Integer.parseInt(m.group(1))) : -1;
    }
}
