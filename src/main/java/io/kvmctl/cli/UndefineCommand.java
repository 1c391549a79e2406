package io.kvmctl.cli;

import io.kvmctl.store.Autostarts;
import io.kvmctl.store.DefinitionException;
import io.kvmctl.store.VmDefinitions;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "undefine",
        mixinStandardHelpOptions = true,
        description = "Remove a defined VM (refused while it runs). Its home (disks made for it, UEFI variables,"
                + " keys) is kept unless --remove-storage; images the profile names elsewhere are never removed.")
final class UndefineCommand extends VmCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The defined VM")
    String name;

    @Option(
            names = "--remove-storage",
            description = "Also delete the VM's home folder and what is in it (only that folder)")
    boolean removeStorage;

    @Override
    public Integer call() {
        VmDefinitions definitions = VmDefinitions.fromEnvironment();
        VmDefinitions.Undefined undefined;
        boolean hadUnit;
        try {
            undefined = definitions.undefine(name, removeStorage);
            hadUnit = Autostarts.fromEnvironment(definitions.store()).removeUnit(name);
        } catch (DefinitionException | IllegalArgumentException | IOException e) {
            return fail(e.getMessage());
        }
        out().println("undefined VM " + name + " (" + undefined.definition() + ")");
        if (hadUnit) {
            out().println(
                            "  removed its autostart unit (a running systemd picks that up at 'systemctl daemon-reload')");
        }
        undefined.removedHome().ifPresent(h -> out().println("  removed its home " + h));
        undefined.keptHome().ifPresent(h -> out().println("  kept its home " + h + " (--remove-storage deletes it)"));
        return 0;
    }
}
