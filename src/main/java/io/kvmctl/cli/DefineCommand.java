package io.kvmctl.cli;

import io.kvmctl.profile.ProfileException;
import io.kvmctl.store.DefinitionException;
import io.kvmctl.store.VmDefinitions;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "define",
        mixinStandardHelpOptions = true,
        description = {
            "Keep a VM by name: validate a profile and store a copy (relative paths written out in full; the profile"
                    + " itself is only read). 'kvmctl up NAME' starts it, 'kvmctl list --all' lists it when it is off,"
                    + " 'kvmctl edit NAME' changes it, 'kvmctl undefine NAME' removes it.",
            "The store: $KVMCTL_STORE_DIR, else /etc/kvmctl/vms for root, else ~/.config/kvmctl/vms."
        })
final class DefineCommand extends VmCommand {
    @Parameters(
            index = "0",
            paramLabel = "PROFILE|NAME",
            description = "The profile (YAML); with --from-running, a VM's name")
    String target;

    @Option(
            names = "--from-running",
            description = "Define a running VM from the profile it was started with (e.g. on the destination after"
                    + " 'kvmctl migrate --to', or to keep a transient VM)")
    boolean fromRunning;

    @Option(names = "--name", paramLabel = "NAME", description = "Define it under this name instead of the profile's")
    String name;

    @Override
    public Integer call() {
        VmDefinitions definitions = VmDefinitions.fromEnvironment();
        VmDefinitions.Defined defined;
        try {
            Path profile = Path.of(target);
            Optional<String> as = Optional.ofNullable(name);
            if (fromRunning) {
                try (Vm vm = attach(target)) {
                    profile = vm.profileFile()
                            .orElseThrow(() -> new DefinitionException("VM " + target + " has no recorded profile"
                                    + " (started from a Java program?): define it from its profile file instead"));
                    as = Optional.of(name == null ? target : name);
                }
            }
            defined = definitions.define(profile, as);
        } catch (ProfileException e) {
            err().println(e.getMessage());
            return KvmctlCommand.EXIT_USAGE;
        } catch (DefinitionException | IllegalArgumentException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail("nothing was defined: " + e.getMessage());
        }
        out().println("defined VM " + defined.name() + ": " + defined.profile());
        out().println("  start it: kvmctl up " + defined.name() + "   change it: kvmctl edit " + defined.name());
        return 0;
    }
}
