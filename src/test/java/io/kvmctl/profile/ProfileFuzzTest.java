package io.kvmctl.profile;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kvmctl.qemu.Profiles;
import io.kvmctl.qemu.QemuCommandLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * YAML text into the profile loader and validator: the only exception that may come out is
 * {@link ProfileException}, whose every problem says what is wrong. A profile that loads must render to a command
 * line (the builder trusts what the validator let through). Seeds: the shipped qemu-profiles/*.yaml and inputs
 * that once crashed the loader, under {@code ProfileFuzzTestInputs}.
 */
class ProfileFuzzTest {
    private static final Path FILE = Path.of("/p/vm.yaml");

    @FuzzTest
    void loaderThrowsOnlyProfileExceptions(byte[] input) {
        String yaml = new String(input, StandardCharsets.UTF_8);
        // Every file "exists", so validation goes past the existence checks into the rest.
        ProfileLoader loader = new ProfileLoader(4, p -> true);
        Profile profile;
        try {
            profile = loader.parse(FILE, yaml, Optional.empty()).profile();
        } catch (ProfileException e) {
            if (e.errors().isEmpty()) {
                throw new AssertionError("a refused profile must name at least one error", e);
            }
            for (Problem p : e.problems()) {
                if (p.what() == null || p.what().isBlank()) {
                    throw new AssertionError("a problem without a message: " + p, e);
                }
            }
            return;
        }
        QemuCommandLine.build(profile, Profiles.contextIn(profile, "/run/kvmctl/vm"));
    }
}
