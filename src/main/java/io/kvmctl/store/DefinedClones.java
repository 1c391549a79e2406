package io.kvmctl.store;

import io.kvmctl.clone.CloneResult;
import io.kvmctl.clone.Cloner;
import io.kvmctl.files.AtomicFile;
import io.kvmctl.profile.ProfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A clone of a defined VM is defined too: its disks are overlaid (or copied) into its own home, it gets its own
 * name, UUID and MACs (the {@link Cloner}'s work), a copy of the source's UEFI variables (so the guest's boot
 * entries come along; they name partitions, which an overlay keeps) and no TPM state (a clone is another machine).
 * A failure removes the new home and defines nothing.
 */
public final class DefinedClones {
    private final VmDefinitions definitions;
    private final Cloner cloner;

    public DefinedClones(VmDefinitions definitions, Cloner cloner) {
        this.definitions = definitions;
        this.cloner = cloner;
    }

    /** What was cloned: the clone's definition, what the cloner made, the UEFI variable stores copied. */
    public record Cloned(Path definition, CloneResult result, List<Path> copiedVars) {
        public Cloned {
            copiedVars = List.copyOf(copiedVars);
        }
    }

    public Cloned clone(String source, boolean sourceRunning, String newName) throws DefinitionException, IOException {
        Path sourceProfile = definitions.profileOf(source);
        if (definitions.store().isDefined(newName)) {
            throw new DefinitionException("VM " + newName + " is defined already: give the clone another name");
        }
        Path home = definitions.homes().of(newName);
        if (Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            throw new DefinitionException("the folder " + home + " exists (left by an undefine that kept the storage?):"
                    + " remove it or give the clone another name");
        }
        definitions.homes().ensure(newName);
        try {
            CloneResult result = cloner.clone(sourceProfile, source, sourceRunning, newName, home, false);
            List<Path> vars = copyVarsStores(definitions.homes().of(source), home);
            Path definition =
                    definitions.define(result.profile(), Optional.empty()).profile();
            Files.delete(result.profile()); // the definition is the clone's one profile
            return new Cloned(definition, result, vars);
        } catch (ProfileException e) {
            removeTree(home);
            throw new DefinitionException("the clone's profile does not load (nothing was cloned): "
                    + e.getMessage().lines().findFirst().orElse(""));
        } catch (IOException | DefinitionException | RuntimeException e) {
            removeTree(home);
            throw e;
        }
    }

    /** UEFI variable stores are the {@code .fd} files of a home (see io.kvmctl.vm.UefiVars). */
    private static List<Path> copyVarsStores(Path from, Path to) throws IOException {
        List<Path> copied = new ArrayList<>();
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            return copied;
        }
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".fd"))
                    .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                Path target = to.resolve(f.getFileName());
                AtomicFile.write(target, Files.readAllBytes(f), "the clone's UEFI variables");
                Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(f));
                copied.add(target);
            }
        }
        return copied;
    }

    private static void removeTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: the failure that brought us here is what the user needs to see
        }
    }
}
