package io.kvmctl.cli;

import io.kvmctl.cli.json.InfoJson;
import io.kvmctl.image.Images;
import io.kvmctl.profile.Size;
import io.kvmctl.store.Autostarts;
import io.kvmctl.store.DefinitionException;
import io.kvmctl.store.VmDefinitions;
import io.kvmctl.store.VmInfo;
import io.kvmctl.store.VmInfos;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Show a defined VM: its definition, state, CPUs and memory, disks with sizes, NICs with MACs and"
                + " forwards, autostart, and how it last stopped (virsh dominfo). A change made with 'kvmctl edit'"
                + " while it runs is marked: it applies at the next start.")
final class InfoCommand extends VmCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The defined VM")
    String name;

    @Option(names = "--json", description = "Print as JSON")
    boolean json;

    @Override
    public Integer call() {
        VmDefinitions definitions = VmDefinitions.fromEnvironment();
        VmInfo info;
        try {
            info = new VmInfos(
                            definitions,
                            Autostarts.fromEnvironment(definitions.store()),
                            root(),
                            Images.fromEnvironment())
                    .of(name);
        } catch (DefinitionException | IllegalArgumentException | IOException e) {
            return fail(e.getMessage());
        }
        if (json) {
            out().println(CliJson.write(InfoJson.KIND, InfoJson.of(info)));
            return 0;
        }
        out().printf("%-12s %s%n", "name:", info.name());
        out().printf(
                        "%-12s %s%n",
                        "state:",
                        info.state()
                                + (info.pendingChange()
                                        ? " (the definition changed since the start: the change applies at"
                                                + " the next start)"
                                        : ""));
        out().printf("%-12s %s%n", "definition:", info.definition());
        out().printf("%-12s %s%n", "home:", info.home());
        out().printf("%-12s %s%n", "autostart:", info.autostart() ? "on" : "off");
        out().printf(
                        "%-12s %d CPUs, %s memory, %s firmware%n",
                        "resources:", info.cpus(), info.memory(), info.firmware());
        for (VmInfo.Disk d : info.disks()) {
            out().printf(
                            "%-12s %s  %s  %s  %s%s%n",
                            "disk:",
                            d.id(),
                            d.file(),
                            d.format(),
                            d.virtualSize() < 0
                                    ? (d.fileSize() < 0 ? "missing or unreadable" : "size unknown")
                                    : new Size(d.virtualSize()) + " (" + new Size(Math.max(0, d.fileSize()))
                                            + " on disk)",
                            d.overlay() ? ", runs on an overlay" : "");
        }
        for (VmInfo.Nic n : info.nics()) {
            out().printf(
                            "%-12s %s  %s  %s  %s%s%n",
                            "nic:",
                            n.id(),
                            n.model(),
                            n.mac(),
                            n.network(),
                            n.forwards().isEmpty() ? "" : "  forwards " + String.join(", ", n.forwards()));
        }
        if (info.lastStop() != null) {
            out().printf(
                            "%-12s %s: %s%s%s%n",
                            "last stop:",
                            info.lastStop().at(),
                            info.lastStop().how(),
                            info.lastStop().qemuExit() == null
                                    ? ""
                                    : " (QEMU " + info.lastStop().qemuExit() + ")",
                            info.lastStop().crashed() ? ", crashed" : "");
        }
        return 0;
    }
}
