package io.kvmctl.cli;

/** Whether output goes to a terminal that wants colours: a console, no {@code NO_COLOR}, not a dumb TERM. */
final class Terminal {
    private Terminal() {}

    static boolean colours() {
        java.io.Console console = System.console();
        String term = System.getenv("TERM");
        return console != null
                && isTerminal(console)
                && System.getenv("NO_COLOR") == null
                && term != null
                && !term.equals("dumb");
    }

    private static boolean isTerminal(java.io.Console console) {
        // JDK 22+: System.console() may return a console even when redirected; isTerminal() tells the truth.
        return console.isTerminal();
    }
}
