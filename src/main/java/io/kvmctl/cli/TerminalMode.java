package io.kvmctl.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Raw terminal mode for {@code console}, through stty on the controlling terminal: keys such as Ctrl-C must reach
 * the guest, not end kvmctl. The previous settings are restored on detach and on JVM exit.
 */
final class TerminalMode {
    private TerminalMode() {}

    /** Switches the terminal to raw mode and returns the settings to restore. */
    static String raw() throws IOException {
        String saved = stty("-g").strip();
        stty("raw", "-echo");
        ShutdownHook.register(() -> restoreQuietly(saved), "kvmctl-terminal-restore");
        return saved;
    }

    /**
     * Switches the terminal to single keys without echo ({@code top}'s keys) and returns the settings to restore.
     * Unlike {@link #raw()}, Ctrl-C still ends kvmctl and a line feed still starts a new line.
     */
    static String keys() throws IOException {
        String saved = stty("-g").strip();
        stty("-icanon", "-echo", "min", "1");
        ShutdownHook.register(() -> restoreQuietly(saved), "kvmctl-terminal-restore");
        return saved;
    }

    static void restore(String saved) {
        restoreQuietly(saved);
    }

    private static void restoreQuietly(String saved) {
        try {
            stty(saved);
        } catch (IOException e) {
            // nothing more we can do; 'reset' in the shell fixes it
        }
    }

    private static String stty(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty")).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the terminal mode", e);
        }
    }
}
