package io.kvmctl.probe;

/**
 * One line of the probe report: a stable {@code id} (used by {@code --require} and in JSON), the outcome, what was
 * found, and, when something is wrong or missing, how to fix it ({@code hint} may be null).
 */
public record Check(String id, Status status, String detail, String hint) {
    public static Check pass(String id, String detail) {
        return new Check(id, Status.PASS, detail, null);
    }

    public static Check warn(String id, String detail, String hint) {
        return new Check(id, Status.WARN, detail, hint);
    }

    public static Check fail(String id, String detail, String hint) {
        return new Check(id, Status.FAIL, detail, hint);
    }

    public static Check skip(String id, String detail) {
        return new Check(id, Status.SKIP, detail, null);
    }
}
