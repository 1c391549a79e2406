package io.kvmctl.cli;

import io.kvmctl.cli.json.CloneJson;
import io.kvmctl.clone.CloneResult;
import io.kvmctl.clone.Cloner;
import io.kvmctl.image.Images;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.store.DefinedClones;
import io.kvmctl.store.DefinitionException;
import io.kvmctl.store.VmDefinitions;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "clone",
        mixinStandardHelpOptions = true,
        description = {
            "Make a new VM from another: new name, UUID and MACs, its disks qcow2 overlays"
                    + " over the source's images.",
            "A defined source gives a defined clone, its overlays and a copy of the UEFI variables in its own home"
                    + " ('kvmctl up NEW' starts it). Otherwise it writes NEW.yaml and NEW-DISK.qcow2 files (in --dir, or"
                    + " beside the source's profile); start the clone with 'kvmctl up NEW.yaml'.",
            "A running source must not write to its disks (stop it, or use readonly/overlay disks)."
        })
final class CloneCommand extends VmCommand {
    @Parameters(
            index = "0",
            paramLabel = "SOURCE",
            description = "A defined VM, a running VM's name, or a profile file")
    String source;

    @Parameters(index = "1", paramLabel = "NEW", description = "The clone's name")
    String newName;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Where the clone's files go (default: the source profile's folder); with a defined"
                    + " source, makes a transient clone there instead of a defined one")
    Path dir;

    @Option(names = "--force", description = "Replace the clone's files if they exist")
    boolean force;

    @Option(names = "--json", description = "Print the clone as JSON (kvmctl.clone/1, docs/json.md)")
    boolean json;

    @Override
    public Integer call() {
        try {
            Path profile;
            String sourceName;
            boolean running;
            Path asFile = Path.of(source);
            VmDefinitions definitions = VmDefinitions.fromEnvironment();
            if (definitions.store().isDefined(source) && dir == null) {
                return cloneDefined(definitions);
            }
            if (Files.isRegularFile(asFile)) {
                profile = asFile.toAbsolutePath();
                sourceName = ProfileLoader.forThisHost().load(profile).profile().name();
                running = isRunning(sourceName);
            } else if (root().names().contains(source)) {
                try (Vm vm = attach(source)) {
                    sourceName = source;
                    running = vm.isRunning();
                    Optional<Path> recorded = vm.profileFile();
                    if (recorded.isEmpty()) {
                        return fail(
                                "VM " + source + " has no recorded profile to clone; give the profile file instead");
                    }
                    profile = recorded.get();
                }
            } else {
                return fail("'" + source + "' is neither a running VM nor a profile file ('kvmctl list' shows VMs)");
            }
            Path where = dir != null ? dir : profile.toAbsolutePath().getParent();
            CloneResult r =
                    new Cloner(Images.fromEnvironment()).clone(profile, sourceName, running, newName, where, force);
            if (json) {
                out().println(CliJson.write(
                        CloneJson.KIND,
                        new CloneJson(
                                sourceName,
                                newName,
                                false,
                                r.profile().toString(),
                                r.uuid().toString(),
                                strings(r.overlays()),
                                List.of(),
                                r.notes())));
                return 0;
            }
            out().println("cloned " + sourceName + " as " + newName + ": " + r.profile() + " (uuid " + r.uuid() + ")");
            r.overlays().forEach(o -> out().println("  overlay: " + o));
            r.notes().forEach(n -> out().println("  note: " + n));
            out().println("  start it: kvmctl up " + r.profile());
            return 0;
        } catch (ProfileException e) {
            return fail("the source profile is not valid: "
                    + e.getMessage().lines().findFirst().orElse(""));
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            return fail(e.getMessage());
        }
    }

    /** A defined source: the clone is defined too, its files in its own home. */
    private int cloneDefined(VmDefinitions definitions) throws IOException {
        DefinedClones.Cloned c;
        try {
            c = new DefinedClones(definitions, new Cloner(Images.fromEnvironment()))
                    .clone(source, isRunning(source), newName);
        } catch (DefinitionException e) {
            return fail(e.getMessage());
        }
        if (json) {
            out().println(CliJson.write(
                    CloneJson.KIND,
                    new CloneJson(
                            source,
                            newName,
                            true,
                            c.definition().toString(),
                            c.result().uuid().toString(),
                            strings(c.result().overlays()),
                            strings(c.copiedVars()),
                            c.result().notes())));
            return 0;
        }
        out().println("cloned " + source + " as " + newName + " (defined): " + c.definition() + " (uuid "
                + c.result().uuid() + ")");
        c.result().overlays().forEach(o -> out().println("  overlay: " + o));
        c.copiedVars().forEach(v -> out().println("  UEFI variables: " + v));
        c.result().notes().forEach(n -> out().println("  note: " + n));
        out().println("  start it: kvmctl up " + newName);
        return 0;
    }

    private static List<String> strings(List<?> paths) {
        return paths.stream().map(Object::toString).toList();
    }

    private boolean isRunning(String name) {
        try (Vm vm = attach(name)) {
            return vm.isRunning();
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
