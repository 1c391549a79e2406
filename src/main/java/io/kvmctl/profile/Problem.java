package io.kvmctl.profile;

import java.nio.file.Path;

/**
 * One thing wrong with a profile: where ({@code file} and the field path such as {@code disks[1].file}), what, and how
 * to fix it. Warnings do not stop a profile from loading.
 */
public record Problem(Severity severity, Path file, String field, String what, String fix) {

    public enum Severity {
        ERROR,
        WARNING
    }

    /** {@code FILE: FIELD: WHAT; FIX}, with {@code warning: } before the field for warnings. */
    @Override
    public String toString() {
        return file + ": " + (severity == Severity.WARNING ? "warning: " : "") + (field.isEmpty() ? "" : field + ": ")
                + what + (fix.isEmpty() ? "" : "; " + fix);
    }
}
