package io.kvmctl.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one profile, so the user fixes them all in one round. */
final class Problems {
    private final Path file;
    private final List<Problem> list = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void error(String field, String what, String fix) {
        list.add(new Problem(Problem.Severity.ERROR, file, field, what, fix));
    }

    void warning(String field, String what, String fix) {
        list.add(new Problem(Problem.Severity.WARNING, file, field, what, fix));
    }

    boolean hasErrors() {
        return list.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    List<Problem> all() {
        return List.copyOf(list);
    }

    Path file() {
        return file;
    }
}
