package io.kvmctl.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A profile that cannot be used, with every problem found (errors and warnings), not just the first. */
public final class ProfileException extends Exception {
    private final Path file;
    private final List<Problem> problems;

    public ProfileException(Path file, List<Problem> problems) {
        super(summary(file, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public Path file() {
        return file;
    }

    public List<Problem> problems() {
        return problems;
    }

    public List<Problem> errors() {
        return problems.stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR)
                .toList();
    }

    private static String summary(Path file, List<Problem> problems) {
        long errors = problems.stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR)
                .count();
        return "profile " + file + " has " + errors + (errors == 1 ? " error" : " errors") + ":\n"
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
}
