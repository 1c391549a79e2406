package io.kvmctl.qmp.script;

/**
 * The outcome of a script: how many steps held, and for the step that did not, its number (from 1), what it
 * was, what was expected and what came.
 */
public record ScriptReport(int stepsHeld, int totalSteps, Failure failure) {
    public record Failure(int step, String description, String expected, String got) {}

    public boolean passed() {
        return failure == null;
    }

    /** The report for people. */
    public String text() {
        if (failure == null) {
            return "all " + totalSteps + " steps held";
        }
        return "step " + failure.step() + " of " + totalSteps + " failed: " + failure.description() + "\n  expected: "
                + failure.expected() + "\n  got:      " + failure.got();
    }
}
