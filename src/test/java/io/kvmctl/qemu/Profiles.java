package io.kvmctl.qemu;

import io.kvmctl.profile.Profile;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.ProfileLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Test fixtures: profiles from YAML text as if read from /p/vm.yaml, where every file exists. */
public final class Profiles {
    public static final Path FILE = Path.of("/p/vm.yaml");
    public static final LaunchContext CTX = new LaunchContext(
            Path.of("/usr/bin/qemu"),
            Path.of("/run/kvmctl/vm"),
            Path.of("/run/kvmctl/vm/qmp.sock"),
            Path.of("/run/kvmctl/vm/serial.sock"),
            Path.of("/run/kvmctl/vm/serial.log"),
            Map.of(),
            Optional.empty(),
            false);

    private Profiles() {}

    public static Profile parse(String yaml) {
        try {
            return new ProfileLoader(4, p -> true)
                    .parse(FILE, yaml, Optional.empty())
                    .profile();
        } catch (ProfileException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static ProfileException problems(String yaml) {
        try {
            new ProfileLoader(4, p -> true).parse(FILE, yaml, Optional.empty());
        } catch (ProfileException e) {
            return e;
        }
        throw new AssertionError("expected problems in:\n" + yaml);
    }

    /** A context in runtime directory {@code dir}, with the profile's serial log when it names one. */
    public static LaunchContext contextIn(Profile p, String dir) {
        Path d = Path.of(dir);
        return new LaunchContext(
                LaunchContext.DEFAULT_QEMU,
                d,
                d.resolve("qmp.sock"),
                d.resolve("serial.sock"),
                p.serialLog().orElse(d.resolve("serial.log")),
                java.util.Map.of(),
                java.util.Optional.empty(),
                false);
    }
}
