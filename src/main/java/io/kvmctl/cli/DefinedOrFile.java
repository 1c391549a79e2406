package io.kvmctl.cli;

import io.kvmctl.store.DefinitionException;
import io.kvmctl.store.VmDefinitions;
import io.kvmctl.store.VmStore;
import io.kvmctl.vm.VmNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code up NAME|PROFILE} starts. A word that is a VM name (no slash, no .yaml) and is defined means the
 * definition, as {@code virsh start NAME} does; anything else is a profile file run once ({@code virsh create}).
 * A defined name wins over a file of the same name in the working folder: the name is what the user kept.
 */
final class DefinedOrFile {
    private DefinedOrFile() {}

    static Path profile(String target) throws DefinitionException {
        boolean nameLike = VmNames.isValid(target) && !target.endsWith(".yaml") && !target.endsWith(".yml");
        VmStore store = VmStore.fromEnvironment();
        if (nameLike && store.isDefined(target)) {
            return store.profile(target);
        }
        Path file = Path.of(target);
        if (Files.isRegularFile(file)) {
            return file;
        }
        if (!nameLike) {
            throw new DefinitionException("no profile at " + target + " (the qemu-profiles/ folder has examples)");
        }
        java.util.List<String> close;
        try {
            close = VmDefinitions.fromEnvironment().closeNames(target);
        } catch (IOException e) {
            close = java.util.List.of(); // an unreadable store must not hide the first problem
        }
        throw new DefinitionException("no profile file " + target + " and no defined VM of that name (in "
                + store.path() + ")"
                + (close.isEmpty()
                        ? "; 'kvmctl list --all' lists the defined ones"
                        : "; did you mean " + String.join(" or ", close) + "?"));
    }
}
