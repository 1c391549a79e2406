package io.kvmctl.cli;

/** Whether kvmctl talks to a person at a terminal, and whether that terminal wants colours. */
final class Terminal {
    private Terminal() {}

    /**
     * Whether standard input and output are a terminal: raw keys, progress lines and redrawn screens make sense only
     * then. JDK 22 to 24 return a {@code System.console()} even when the streams are redirected (JDK 25 returns null
     * again), so {@code isTerminal()} decides.
     */
    @SuppressWarnings("SystemConsoleNull") // JDK 22-24 may still return null (e.g. with -Djdk.console): kept
    static boolean interactive() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** A terminal, no {@code NO_COLOR}, not a dumb TERM. */
    static boolean colours() {
        String term = System.getenv("TERM");
        return interactive() && System.getenv("NO_COLOR") == null && term != null && !term.equals("dumb");
    }
}
