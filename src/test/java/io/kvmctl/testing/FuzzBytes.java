package io.kvmctl.testing;

import java.nio.charset.StandardCharsets;

/**
 * Reads a fuzz input front to back as a script of choices, so that a seed can be written by hand
 * ({@code printf '\x01\x03...'}) and a mutation changes one decision. Past the end every read is 0 (the first
 * choice, an empty string), so every input is a complete script. Jazzer's FuzzedDataProvider reads numbers from
 * the end instead, which makes hand-written seeds impractical.
 */
public final class FuzzBytes {
    private final byte[] data;
    private int position;

    public FuzzBytes(byte[] data) {
        this.data = data;
    }

    public boolean exhausted() {
        return position >= data.length;
    }

    private int next() {
        return position < data.length ? data[position++] & 0xff : 0;
    }

    /** A choice from 0 to {@code count - 1}. */
    public int choose(int count) {
        return next() % count;
    }

    public boolean bool() {
        return (next() & 1) == 1;
    }

    /** Any long, big-endian from the next 8 bytes. */
    public long anyLong() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | next();
        }
        return v;
    }

    /** A length byte (capped at {@code max}) and that many bytes, decoded as UTF-8 (bad bytes become U+FFFD). */
    public String string(int max) {
        return new String(bytes(max), StandardCharsets.UTF_8);
    }

    /** A length byte (capped at {@code max}) and that many raw bytes. */
    public byte[] bytes(int max) {
        int n = Math.min(Math.min(next(), max), data.length - Math.min(position, data.length));
        byte[] out = new byte[n];
        System.arraycopy(data, position, out, 0, n);
        position += n;
        return out;
    }

    /** One of {@code items}. */
    @SafeVarargs
    public final <T> T pick(T... items) {
        return items[choose(items.length)];
    }
}
