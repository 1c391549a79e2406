package io.kvmctl.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a YAML profile into a validated {@link Profile}. The YAML is read as a tree and checked by hand rather than
 * bound to classes, so every problem (not only the first) can be reported with its field path.
 */
public final class ProfileLoader {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final int hostCpus;
    private final Predicate<Path> exists;

    /**
     * @param hostCpus the host's CPU count (vCPUs above it earn a warning)
     * @param exists   whether a referenced file exists (tests pass a fake so they need no files)
     */
    public ProfileLoader(int hostCpus, Predicate<Path> exists) {
        this.hostCpus = hostCpus;
        this.exists = exists;
    }

    /** A loader for this machine: its CPU count and the real file system. */
    public static ProfileLoader forThisHost() {
        return new ProfileLoader(Runtime.getRuntime().availableProcessors(), Files::exists);
    }

    /**
     * A loaded profile, the warnings it earned, and the fields that named a file relative to the profile's folder
     * (field, e.g. {@code disks[0].file}, to the absolute path it resolved to).
     */
    public record Loaded(Profile profile, List<Problem> warnings, Map<String, Path> relativePaths) {
        public Loaded {
            warnings = List.copyOf(warnings);
            relativePaths = Map.copyOf(relativePaths);
        }

        public Loaded(Profile profile, List<Problem> warnings) {
            this(profile, warnings, Map.of());
        }
    }

    public Loaded load(Path file) throws ProfileException {
        return load(file, Optional.empty());
    }

    /**
     * Reads and validates {@code file}; {@code nameOverride} (kvmctl's --name) replaces the profile's name.
     *
     * @throws ProfileException with every problem found, when there is at least one error
     */
    public Loaded load(Path file, Optional<String> nameOverride) throws ProfileException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ProfileException(
                    file,
                    List.of(new Problem(
                            Problem.Severity.ERROR,
                            file,
                            "",
                            "cannot read the profile: " + e.getMessage(),
                            "check the path and its permissions")));
        }
        return parse(file, text, nameOverride);
    }

    /** Validates YAML {@code text} as if read from {@code file} (relative paths resolve against its folder). */
    public Loaded parse(Path file, String text, Optional<String> nameOverride) throws ProfileException {
        Path absolute = file.toAbsolutePath().normalize();
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new ProfileException(
                    absolute,
                    List.of(new Problem(
                            Problem.Severity.ERROR,
                            absolute,
                            "",
                            "not valid YAML: "
                                    + e.getOriginalMessage().lines().findFirst().orElse("") + location(e),
                            "fix the syntax there")));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ProfileException(
                    absolute,
                    List.of(new Problem(
                            Problem.Severity.ERROR,
                            absolute,
                            "",
                            "the profile is empty",
                            "see qemu-profiles/README.md for the format")));
        }
        ProfileParser parser = new ProfileParser(absolute, hostCpus, exists);
        Optional<Profile> profile = parser.parse(root, nameOverride);
        if (profile.isEmpty()) {
            throw new ProfileException(absolute, parser.problems());
        }
        return new Loaded(profile.get(), parser.problems(), parser.relativePaths());
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }
}
