package io.kvmctl.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PpmImageTest {
    private static byte[] ppm(String header, int... rgb) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        for (int b : rgb) {
            out.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void decodesPixelsOfABinaryPpmAsQemuWritesIt() throws Exception {
        BufferedImage img = PpmImage.decode(ppm("P6\n2 1\n255\n", 255, 0, 0, 0, 0x80, 0xff));
        assertEquals(2, img.getWidth());
        assertEquals(1, img.getHeight());
        assertEquals(0xff0000, img.getRGB(0, 0) & 0xffffff);
        assertEquals(0x0080ff, img.getRGB(1, 0) & 0xffffff);
    }

    @Test
    void headerCommentsAreSkipped() throws Exception {
        assertEquals(
                1,
                PpmImage.decode(ppm("P6\n# made by test\n1 1\n255\n", 1, 2, 3)).getWidth());
    }

    @Test
    void truncatedPixelDataIsAnError() {
        IOException e = assertThrows(IOException.class, () -> PpmImage.decode(ppm("P6\n2 2\n255\n", 1, 2, 3)));
        assertEquals("PPM is truncated: 2x2 needs 12 bytes of pixels", e.getMessage());
    }

    @Test
    void otherFormatsAreRefused() {
        assertThrows(IOException.class, () -> PpmImage.decode(ppm("P3\n1 1\n255\n1 2 3\n")));
    }
}
