package io.kvmctl.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The pages, from the jar ({@code io/kvmctl/web/static/}, bundled by the build from src/web). */
final class StaticFiles {
    static final String ROOT = "/io/kvmctl/web/static/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "woff2", "font/woff2",
            "map", "application/json");

    private StaticFiles() {}

    /** The file at {@code relative} (no leading slash), or null when there is none; refuses climbing out. */
    static byte[] read(String relative) throws IOException {
        if (relative.isEmpty() || relative.contains("..") || relative.contains("\\") || relative.startsWith("/")) {
            return null;
        }
        try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + relative)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    static String type(String relative) {
        int dot = relative.lastIndexOf('.');
        return TYPES.getOrDefault(dot < 0 ? "" : relative.substring(dot + 1), "application/octet-stream");
    }
}
