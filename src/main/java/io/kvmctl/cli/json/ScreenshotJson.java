package io.kvmctl.cli.json;

/** {@code kvmctl screenshot --json} ({@code kvmctl.screenshot/1}): the PNG written and its size in pixels. */
public record ScreenshotJson(String name, String file, String format, int width, int height, long sizeBytes) {
    public static final String KIND = "kvmctl.screenshot/1";
}
