package io.kvmctl.probe;

/** The probe's answer, as written in the {@code verdict} field of the JSON report. */
public enum Verdict {
    /** Guest code ran under KVM and every {@code --require} holds. Exit code 0. */
    USABLE("usable"),
    /** With {@code --no-run}: KVM created a VM, but no guest code ran. Exit code 0. */
    USABLE_NOT_RUN("usable-not-run"),
    /** KVM works but a {@code --require} condition does not hold. Exit code 1. */
    REQUIREMENTS_UNMET("requirements-unmet"),
    /** KVM cannot run guests here; the first failing check says why. Exit code 1. */
    NOT_USABLE("not-usable");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public int exitCode() {
        return this == USABLE || this == USABLE_NOT_RUN ? 0 : 1;
    }
}
