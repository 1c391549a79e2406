package io.kvmctl.image;

import java.io.IOException;

/** An image operation failed; the message says what and, where qemu-img spoke, quotes it. */
public class ImageException extends IOException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
