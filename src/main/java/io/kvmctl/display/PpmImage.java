package io.kvmctl.display;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads a binary PPM (P6, maxval 255): what QEMU's {@code screendump} writes when it cannot write PNG. */
public final class PpmImage {
    private PpmImage() {}

    public static BufferedImage decode(byte[] data) throws IOException {
        int[] pos = {0};
        String magic = token(data, pos);
        if (!"P6".equals(magic)) {
            throw new IOException("not a binary PPM (magic '" + magic + "')");
        }
        int width = Integer.parseInt(token(data, pos));
        int height = Integer.parseInt(token(data, pos));
        int max = Integer.parseInt(token(data, pos));
        if (max != 255 || width <= 0 || height <= 0) {
            throw new IOException("unsupported PPM: " + width + "x" + height + ", maxval " + max);
        }
        int offset = pos[0] + 1; // one whitespace byte after maxval
        if (data.length < offset + 3L * width * height) {
            throw new IOException(
                    "PPM is truncated: " + width + "x" + height + " needs " + 3L * width * height + " bytes of pixels");
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = offset + 3 * (y * width + x);
                img.setRGB(x, y, (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff));
            }
        }
        return img;
    }

    /** The next whitespace-separated header token; skips comments. */
    private static String token(byte[] d, int[] pos) throws IOException {
        int i = pos[0];
        while (i < d.length && (Character.isWhitespace(d[i]) || d[i] == '#')) {
            if (d[i] == '#') {
                while (i < d.length && d[i] != '\n') {
                    i++;
                }
            } else {
                i++;
            }
        }
        int start = i;
        while (i < d.length && !Character.isWhitespace(d[i])) {
            i++;
        }
        if (start == i) {
            throw new IOException("PPM header ends early");
        }
        pos[0] = i;
        return new String(d, start, i - start, StandardCharsets.US_ASCII);
    }
}
