package io.kvmctl.image;

import java.util.Locale;

/** The formats {@code kvmctl image create/convert} writes. qemu-img reads many more; {@link ImageInfo} names any. */
public enum ImageFormat {
    QCOW2,
    RAW;

    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code qcow2} or {@code raw}, any case. */
    public static ImageFormat parse(String text) {
        for (ImageFormat f : values()) {
            if (f.qemuName().equalsIgnoreCase(text.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an image format kvmctl writes; use qcow2 or raw");
    }
}
