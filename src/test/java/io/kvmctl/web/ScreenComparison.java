package io.kvmctl.web;

import java.awt.image.BufferedImage;

/** How alike two screens are: the share of pixels with the same RGB value, 0 when the sizes differ. */
final class ScreenComparison {
    private ScreenComparison() {}

    static double equalShare(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return 0;
        }
        long equal = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if ((a.getRGB(x, y) & 0xffffff) == (b.getRGB(x, y) & 0xffffff)) {
                    equal++;
                }
            }
        }
        return (double) equal / ((long) a.getWidth() * a.getHeight());
    }
}
