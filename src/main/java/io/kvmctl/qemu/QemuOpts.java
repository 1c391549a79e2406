package io.kvmctl.qemu;

import java.util.StringJoiner;

/**
 * One option value in QEMU's {@code key=value,key=value} syntax. Every value goes through {@link #escape}, which
 * doubles commas: QemuOpts then reads the value literally (an {@code =} inside a value is already literal), so no
 * value can end early and start a key of its own.
 */
final class QemuOpts {
    private final StringJoiner parts = new StringJoiner(",");

    /** Starts with an implied value, such as the chardev backend in {@code socket,id=...}. */
    QemuOpts(String implied) {
        parts.add(escape(implied));
    }

    QemuOpts() {}

    QemuOpts add(String key, String value) {
        parts.add(key + "=" + escape(value));
        return this;
    }

    static String escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                // The loader refuses these; this guards values that come from elsewhere (launch context paths).
                throw new IllegalArgumentException("control character in QEMU option value: " + value);
            }
        }
        return value.replace(",", ",,");
    }

    @Override
    public String toString() {
        return parts.toString();
    }
}
