package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class TerminalTest {
    /**
     * Surefire pipes the test JVM's standard streams. JDK 22 to 24 still return a System.console() then, so on those
     * this also fails if the check goes back to "a console exists".
     */
    @Test
    void redirectedOutputIsNoTerminalAndGetsNoColours() {
        assertFalse(Terminal.interactive());
        assertFalse(Terminal.colours());
    }
}
