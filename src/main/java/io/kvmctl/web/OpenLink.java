package io.kvmctl.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * {@code --open}: a browser is started on a private (0600) HTML file that redirects to the token URL, so the token
 * is in no process's argv ({@code ps} shows every user the arguments of xdg-open and of the browser).
 */
public final class OpenLink {
    private OpenLink() {}

    /** Writes the redirect page (0600, in a 0700 folder of its own) and returns its path. */
    public static Path writeRedirect(String url) throws IOException {
        Path dir = Files.createTempDirectory(
                "kvmctl-web-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = Files.createFile(
                dir.resolve("open.html"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, page(url));
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return file;
    }

    static String page(String url) {
        String attr = url.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        return "<!doctype html><meta charset=utf-8><meta http-equiv=\"refresh\" content=\"0;url=" + attr
                + "\"><title>kvmctl web</title><a href=\"" + attr + "\">open kvmctl web</a>\n";
    }

    /** The command that opens a file: $BROWSER when set, else xdg-open. */
    static List<String> opener(String browserEnv, Path file) {
        String program = browserEnv == null || browserEnv.isBlank() ? "xdg-open" : browserEnv.strip();
        return List.of(program, file.toString());
    }

    /** Starts the browser on the file; a failure is one line for the user, the server keeps serving. */
    public static void open(Path file) throws IOException {
        new ProcessBuilder(opener(System.getenv("BROWSER"), file))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
