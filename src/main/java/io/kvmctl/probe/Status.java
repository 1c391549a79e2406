package io.kvmctl.probe;

import java.util.Locale;

/** The outcome of one check. Only {@link #FAIL} makes KVM "not usable"; {@link #WARN} is worth knowing. */
public enum Status {
    PASS,
    WARN,
    FAIL,
    SKIP;

    /** The lower-case spelling used in the JSON report and the table. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
